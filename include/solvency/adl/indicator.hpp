// solvency/adl/indicator.hpp: the ADL rank buckets users see.
//
// Functions and types in this header (namespace solvency::adl):
//
//   indicator_scale   bitmex_lights    1..5 lights, 20% buckets by cumulative
//                                      quantity from the top of the queue
//                                      (venues.md 7.2, appendix)
//                     binance_quantile 0..4 by rank among users (venues.md
//                                      1.4: rank / total user count; 4 highest)
//                     bybit_lights     0..5: 0 for a holder not in profit,
//                                      else BitMEX's 20% buckets among the
//                                      winners (venues.md 5: the API field
//                                      adlRankIndicator; Bybit publishes the
//                                      range, not the bucketing: modelled)
//   indicator(r, holders, side, mark, scale, scratch, out)
//                     writes one bucket per holder on `side` into out[i]
//                     (holders on the other side are left as they were, so
//                     both sides can share one output); returns how many
//                     holders got a non-zero bucket
//
//   std::vector<std::uint8_t> lights(book.size());
//   adl::indicator(adl::bitmex_ranking{}, book, side::long_, mark,
//                  adl::indicator_scale::bitmex_lights, scratch, lights);
//
// Unlike execution, the indicator orders the whole side (a full sort,
// O(n log n)): venues publish it periodically (Binance every 30 s), not on
// the liquidation path. Holders that are not candidates (empty, left out for
// non-positive equity, or in loss under a winners-only ranking) get 0.
#ifndef SOLVENCY_ADL_INDICATOR_HPP
#define SOLVENCY_ADL_INDICATOR_HPP

#include <solvency/adl/concepts.hpp>
#include <solvency/adl/queue.hpp>
#include <solvency/config.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>

namespace solvency::inline v1::adl {

enum class indicator_scale : std::uint8_t {
  bitmex_lights,     ///< 1..5 by cumulative quantity (5 = first deleveraged)
  binance_quantile,  ///< 0..4 by rank among users (4 = first deleveraged)
  bybit_lights,      ///< 0 not in profit; 1..5 by cumulative quantity among winners
};

namespace detail {
/// 5 - floor(5 * before / total), exactly, for 0 <= before < total.
template <Number N>
[[nodiscard]] constexpr std::uint8_t light_of(N before, N total) noexcept {
  const N five_before = mul<round::down>(before, from_int<N>(5));
  std::uint8_t k = 0;
  for (std::int64_t j = 1; j <= 4; ++j)
    if (!(five_before < mul<round::down>(total, from_int<N>(j)))) k = static_cast<std::uint8_t>(j);
  return static_cast<std::uint8_t>(5 - k);
}
}  // namespace detail

/// Writes each holder's bucket on `side` at `mark` into `out` (parallel to
/// `holders`). Errors: size_mismatch when `out` or `scratch` is shorter than
/// `holders`, invalid_argument for an unknown scale, a scoring error.
template <class R, Number N>
  requires AdlRanking<R, N>
[[nodiscard]] constexpr result<std::size_t> indicator(const R& r, std::type_identity_t<std::span<const holder<N>>> holders,
                                                      side s, price<N> mark, indicator_scale scale,
                                                      std::type_identity_t<std::span<queue_entry<score_t<R, N>>>> scratch,
                                                      std::span<std::uint8_t> out) noexcept {
  if (out.size() < holders.size()) return failure{errc::size_mismatch};
  if (scale != indicator_scale::bitmex_lights && scale != indicator_scale::binance_quantile &&
      scale != indicator_scale::bybit_lights)
    return failure{errc::invalid_argument};
  const auto sc = score_side(r, holders, s, mark, scratch);
  if (!sc) return failure{sc.error()};
  for (std::size_t i = 0; i < holders.size(); ++i)
    if (holders[i].pos.side == s) out[i] = 0;
  auto e = scratch.first(sc->count);
  std::sort(e.begin(), e.end(), by_rank{});
  std::size_t lit = 0;
  if (scale == indicator_scale::binance_quantile) {
    const std::size_t n = e.size();
    for (std::size_t p = 0; p < n; ++p) {
      out[e[p].index] = static_cast<std::uint8_t>(4 - (5 * p) / n);
      lit += out[e[p].index] != 0;
    }
    return lit;
  }
  const bool winners = scale == indicator_scale::bybit_lights;
  quantity<N> total{};
  for (const auto& x : e) {
    const holder<N>& h = holders[x.index];
    if (!winners || pnl<round::down>(h.pos, mark).value() > N{}) total += h.pos.size;
  }
  quantity<N> before{};
  for (const auto& x : e) {
    const holder<N>& h = holders[x.index];
    if (winners && !(pnl<round::down>(h.pos, mark).value() > N{})) continue;
    out[x.index] = detail::light_of(before.value(), total.value());
    before += h.pos.size;
    ++lit;
  }
  return lit;
}

}  // namespace solvency::inline v1::adl

#endif  // SOLVENCY_ADL_INDICATOR_HPP
