// solvency/waterfall/stages.hpp: the simple stages of a loss waterfall, and
// the pro-rata charge the member and socialisation stages share.
//
// Types in this header (namespace solvency::waterfall):
//
//   stake<N>          a payer's id and what it can still be charged (a
//                     default-fund contribution, an assessment limit, a
//                     winner's gain, an account's equity), in host memory
//   trader_margin<N>  the bankrupt trader's remaining margin (what is left of
//                     a cross account's other collateral, say)
//   fee_pool<N>       a pool of collected fees (Drift's perp fee pool), with a
//                     floor it never goes below
//   house_capital<N>  the clearing house's own capital ("skin in the game")
//
// Every stage follows the WaterfallStage contract of waterfall/concepts.hpp:
// it covers a <= outstanding, records transfers into party::loss(trader)
// summing to a exactly, and on an error records nothing and changes nothing
// (it records first, and commits its state only once every record succeeded).
//
//   waterfall::fee_pool<dec> pool{.id = 1, .balance = money{500.0_dec}};
//   auto a = pool.absorb(event, money{800.0_dec}, ledger);  // 500, pool now 0
#ifndef SOLVENCY_WATERFALL_STAGES_HPP
#define SOLVENCY_WATERFALL_STAGES_HPP

#include <solvency/config.hpp>
#include <solvency/core/ledger.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/numeric/errc.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>
#include <solvency/waterfall/concepts.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

namespace solvency::inline v1 {
namespace waterfall {

/// A payer and what it can still be charged. Stages that charge many payers
/// pro rata (default fund, assessments, haircuts) read and reduce these in
/// host memory through a span.
template <Number N>
struct stake {
  std::uint64_t id = 0;  ///< member id or account id
  money<N> amount{};     ///< what can still be charged, never negative

  [[nodiscard]] friend constexpr bool operator==(const stake&, const stake&) noexcept = default;
};

namespace detail {

/// An amount that must be a valid, non-negative number.
template <Number N>
[[nodiscard]] constexpr result<void> check_amount(money<N> m) noexcept {
  if (!is_valid(m.value())) return failure{error_of(m.value())};
  if (m.value() < N{}) return failure{errc::negative_amount};
  return {};
}

/// A valid number (of any sign).
template <Number N>
[[nodiscard]] constexpr result<void> check_valid(money<N> m) noexcept {
  if (!is_valid(m.value())) return failure{error_of(m.value())};
  return {};
}

template <Number N>
[[nodiscard]] constexpr money<N> min_of(money<N> a, money<N> b) noexcept {
  return b.value() < a.value() ? b : a;
}
template <Number N>
[[nodiscard]] constexpr money<N> max_of(money<N> a, money<N> b) noexcept {
  return a.value() < b.value() ? b : a;
}
template <Number N>
[[nodiscard]] constexpr money<N> zero_floor(money<N> a) noexcept {
  return a.value() < N{} ? money<N>{} : a;
}

/// What a balance can pay above its floor. The balance must not be below
/// min(floor, 0): a negative floor is the explicit permission to go into
/// debt, a positive floor a reserve kept back; a negative balance with a
/// non-negative floor is bad input.
template <Number N>
[[nodiscard]] constexpr result<money<N>> payable_above_floor(money<N> balance, money<N> floor) noexcept {
  if (auto r = check_valid(balance); !r) return failure{r.error()};
  if (auto r = check_valid(floor); !r) return failure{r.error()};
  const money<N> lowest = min_of(floor, money<N>{});
  if (balance.value() < lowest.value()) return failure{errc::negative_amount};
  const money<N> p = balance - floor;
  if (!is_valid(p.value())) return failure{error_of(p.value())};
  return zero_floor(p);
}

/// Records `t`, or undoes everything recorded since `mark` and reports the error.
template <Number N>
[[nodiscard]] constexpr bool record_or_undo(ledger<N>& l, std::size_t mark, const transfer<N>& t, errc& err) noexcept {
  if (auto r = l.record(t); !r) {
    l.truncate(mark);
    err = r.error();
    return false;
  }
  return true;
}

/// One payer paying `min(outstanding, payable)` into the loss: the shape of
/// trader_margin, fee_pool and house_capital. Commits nothing: the caller
/// subtracts the returned amount from its balance.
template <Number N>
[[nodiscard]] constexpr result<money<N>> single_draw(party payer, transfer_reason reason, money<N> payable,
                                                     const loss_event<N>& ev, money<N> outstanding,
                                                     ledger<N>& l) noexcept {
  if (auto r = detail::check_amount(outstanding); !r) return failure{r.error()};
  const money<N> a = min_of(payable, outstanding);
  if (auto r = l.record({payer, party::loss(ev.trader), a, reason}); !r) return failure{r.error()};
  return a;
}

/// The total of a span of stakes, each checked (valid, non-negative), the
/// sum checked for overflow.
template <Number N>
[[nodiscard]] constexpr result<money<N>> total_of(std::span<const stake<N>> payers) noexcept {
  money<N> total{};
  for (const auto& s : payers) {
    if (auto r = detail::check_amount(s.amount); !r) return failure{r.error()};
    total += s.amount;
    if (!is_valid(total.value())) return failure{error_of(total.value())};
  }
  return total;
}

/// Charges `payers` pro rata to their stakes for `min(outstanding, total)`.
///
/// Each payer's share is `ceil(target * stake / total)` (never more than its
/// stake), so the shares add up to at least the target: rounding favours the
/// exchange. Shares go to the loss in payer order until the target is met;
/// the excess (at most one unit of the last digit per payer) goes to
/// `dust_to` as `rounding_dust`. Returns what reached the loss; reduces the
/// stakes only when every transfer was recorded. With `double` the shares
/// may add up to a hair less than the target: the stage then covers that
/// sum and leaves the rest outstanding.
template <Number N>
[[nodiscard]] constexpr result<money<N>> pro_rata_charge(std::span<stake<N>> payers, party_kind kind,
                                                         transfer_reason reason, party dust_to,
                                                         const loss_event<N>& ev, money<N> outstanding,
                                                         ledger<N>& l) noexcept {
  if (auto r = detail::check_amount(outstanding); !r) return failure{r.error()};
  const auto tot = total_of<N>(payers);
  if (!tot) return failure{tot.error()};
  const money<N> total = *tot;
  if (total.value() == N{} || outstanding.value() == N{}) return money<N>{};
  const bool all = total.value() <= outstanding.value();
  const money<N> target = all ? total : outstanding;
  const auto share = [&](money<N> s) noexcept {
    if (all) return s;
    const money<N> h{muldiv<round::up>(target.value(), s.value(), total.value())};
    return min_of(h, s);
  };
  const std::size_t mark = l.size();
  const party loss = party::loss(ev.trader);
  money<N> need = target;
  money<N> paid{};  // summed in ledger order, so a double result equals the ledger's own sum
  errc err{};
  for (const auto& p : payers) {
    const money<N> h = share(p.amount);
    if (!is_valid(h.value())) {
      l.truncate(mark);
      return failure{error_of(h.value())};
    }
    const money<N> to_loss = min_of(h, need);
    const money<N> dust = h - to_loss;
    if (!record_or_undo(l, mark, {party{kind, p.id}, loss, to_loss, reason}, err)) return failure{err};
    if (!record_or_undo(l, mark, {party{kind, p.id}, dust_to, dust, transfer_reason::rounding_dust}, err))
      return failure{err};
    need -= to_loss;
    paid += to_loss;
  }
  for (auto& p : payers) p.amount -= share(p.amount);
  return paid;
}

}  // namespace detail

/// The bankrupt trader's remaining margin: the first stage of every
/// waterfall. The host sets `available` before each event (what the trader
/// still has after the close: other collateral in a cross account, an
/// isolated position's leftover margin); the stage pays
/// `min(outstanding, available)` from `party::trader(event.trader)` and
/// reduces `available`.
template <Number N>
struct trader_margin {
  money<N> available{};  ///< never negative

  [[nodiscard]] constexpr result<money<N>> absorb(const loss_event<N>& ev, money<N> outstanding,
                                                  ledger<N>& l) noexcept {
    if (auto r = detail::check_amount(available); !r) return failure{r.error()};
    auto a = detail::single_draw(party::trader(ev.trader), transfer_reason::margin, available, ev, outstanding, l);
    if (a) available -= *a;
    return a;
  }
};

/// A pool of collected fees that pays before socialisation (Drift pays from
/// the perp market's fee pool after the insurance fund). It pays down to
/// `floor` at most; a negative floor lets it go into debt.
template <Number N>
struct fee_pool {
  std::uint64_t id = 0;  ///< party::fee_pool(id)
  money<N> balance{};
  money<N> floor{};

  [[nodiscard]] constexpr result<money<N>> absorb(const loss_event<N>& ev, money<N> outstanding,
                                                  ledger<N>& l) noexcept {
    const auto p = detail::payable_above_floor(balance, floor);
    if (!p) return failure{p.error()};
    auto a = detail::single_draw(party::fee_pool(id), transfer_reason::fee_pool_draw, *p, ev, outstanding, l);
    if (a) balance -= *a;
    return a;
  }
};

/// The clearing house's own capital committed to the waterfall ("skin in
/// the game"): a fixed tranche, used once, never below zero.
template <Number N>
struct house_capital {
  std::uint64_t id = 0;  ///< party::clearing_house(id)
  money<N> balance{};    ///< the tranche still committed, never negative

  [[nodiscard]] constexpr result<money<N>> absorb(const loss_event<N>& ev, money<N> outstanding,
                                                  ledger<N>& l) noexcept {
    if (auto r = detail::check_amount(balance); !r) return failure{r.error()};
    auto a =
        detail::single_draw(party::clearing_house(id), transfer_reason::house_capital, balance, ev, outstanding, l);
    if (a) balance -= *a;
    return a;
  }
};

static_assert(WaterfallStage<trader_margin<dec>, dec>);
static_assert(WaterfallStage<trader_margin<double>, double>);
static_assert(WaterfallStage<fee_pool<dec>, dec>);
static_assert(WaterfallStage<fee_pool<double>, double>);
static_assert(WaterfallStage<house_capital<dec>, dec>);
static_assert(WaterfallStage<house_capital<double>, double>);

}  // namespace waterfall
}  // namespace solvency::inline v1

#endif  // SOLVENCY_WATERFALL_STAGES_HPP
