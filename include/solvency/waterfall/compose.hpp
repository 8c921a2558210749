// solvency/waterfall/compose.hpp: stages run in order until a loss is
// covered.
//
// Types in this header (namespace solvency::waterfall):
//
//   absorption<N>     what a waterfall did with one deficit: the amount
//                     absorbed, the remainder nothing covered, and each
//                     stage's share
//   chain<Stages...>  a flat composition of WaterfallStage objects, held by
//                     value, run in order with no virtual call and no
//                     allocation
//
// `absorb(event, ledger)` checks the deficit (a valid number, not negative),
// then hands what is still outstanding to each stage in turn and stops as
// soon as nothing is. Conservation, exactly in fixed point:
//   absorbed + remainder == deficit,
//   the transfers into party::loss(event.trader) added by the call sum to
//   `absorbed`, every other transfer nets to zero (dust included).
//
// On an error (bad input to a stage, a full ledger, a stage breaking its
// contract) absorb returns the error. The stages before the failing one have
// run: their state changed and their transfers stay in the ledger (they are
// true). The failing stage recorded nothing and changed nothing. The caller
// can undo the whole call's ledger entries with `ledger.truncate(size
// before)`, but not the earlier stages' state: check inputs first (each
// stage has the same checks as its absorb) when an all-or-nothing call is
// needed.
//
//   waterfall::chain wf{waterfall::trader_margin<dec>{money{10.0_dec}},
//                       waterfall::insurance_fund<dec>{.shared = {.balance = money{100.0_dec}}}};
//   ledger_buffer<dec, 8> buf;
//   auto r = wf.absorb(loss_event<dec>{.trader = 7, .deficit = money{50.0_dec}}, buf.ledger());
//   // r->absorbed == 50: 10 from the trader, 40 from the fund
#ifndef SOLVENCY_WATERFALL_COMPOSE_HPP
#define SOLVENCY_WATERFALL_COMPOSE_HPP

#include <solvency/config.hpp>
#include <solvency/core/ledger.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/numeric/errc.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>
#include <solvency/waterfall/concepts.hpp>

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

namespace solvency::inline v1 {
namespace waterfall {

/// What a waterfall did with one deficit.
template <Number N>
struct absorption {
  static constexpr std::size_t max_stages = 8;  // small: the result is returned by value per deficit
  money<N> deficit{};    ///< the event's deficit
  money<N> absorbed{};   ///< covered by the stages: deficit - remainder
  money<N> remainder{};  ///< what no stage covered (ADL or socialisation absent, or exhausted)
  std::array<money<N>, max_stages> by_stage{};  ///< what stage i covered (0 for stages not reached)
  std::size_t stages_run = 0;  ///< how many stages were asked (the rest were not needed)

  [[nodiscard]] constexpr bool covered() const noexcept { return remainder.value() == N{}; }
};

/// Stages run in order. Holds the stages by value (a stage referring to host
/// memory holds a span); `stage<I>()` reaches one to read or change its state.
template <class... Stages>
class chain {
  static_assert(sizeof...(Stages) >= 1, "a waterfall needs at least one stage");
  static_assert(sizeof...(Stages) <= absorption<double>::max_stages, "absorption<N> reports at most 8 stages");

 public:
  static constexpr std::size_t size = sizeof...(Stages);

  constexpr chain() = default;
  constexpr explicit chain(Stages... s) : stages_(std::move(s)...) {}

  template <std::size_t I>
  [[nodiscard]] constexpr auto& stage() noexcept {
    return std::get<I>(stages_);
  }
  template <std::size_t I>
  [[nodiscard]] constexpr const auto& stage() const noexcept {
    return std::get<I>(stages_);
  }

  /// Cover `ev.deficit`, recording every transfer in `l`. See the header
  /// comment for conservation and for the state left by an error.
  template <Number N>
  [[nodiscard]] constexpr result<absorption<N>> absorb(const loss_event<N>& ev, ledger<N>& l) {
    static_assert((WaterfallStage<Stages, N> && ...), "every stage must be a WaterfallStage for this number type");
    const N d = ev.deficit.value();
    if (!is_valid(d)) return failure{error_of(d)};
    if (d < N{}) return failure{errc::negative_amount};
    state<N> st{};
    if (std::is_constant_evaluated())  // GCC's constant evaluator misses the array's value-initialisation
      for (auto& x : st.out.by_stage) x = money<N>{};
    st.out.deficit = ev.deficit;
    st.outstanding = ev.deficit;
    run_from<0>(ev, l, st);
    if (st.err != errc{}) return failure{st.err};
    st.out.remainder = st.outstanding;
    st.out.absorbed = ev.deficit - st.outstanding;
    return st.out;
  }

 private:
  template <Number N>
  struct state {
    absorption<N> out{};
    money<N> outstanding{};
    errc err{};
  };

  /// Runs stage I if anything is outstanding, then the stages after it.
  template <std::size_t I, Number N>
  constexpr void run_from(const loss_event<N>& ev, ledger<N>& l, state<N>& st) {
    if constexpr (I < sizeof...(Stages)) {
      if (!(N{} < st.outstanding.value())) return;
      const std::size_t mark = l.size();
      const result<money<N>> r = std::get<I>(stages_).absorb(ev, st.outstanding, l);
      st.out.stages_run = I + 1;
      if (!r) {
        l.truncate(mark);
        st.err = r.error();
        return;
      }
      const money<N> a = *r;
      if (!is_valid(a.value()) || a.value() < N{} || st.outstanding.value() < a.value()) {
        l.truncate(mark);  // a stage broke the contract: keep the ledger to what is known to hold
        st.err = errc::invalid_argument;
        return;
      }
      st.out.by_stage[I] = a;
      st.outstanding = st.outstanding - a;
      run_from<I + 1>(ev, l, st);
    }
  }

  std::tuple<Stages...> stages_;
};

}  // namespace waterfall
}  // namespace solvency::inline v1

#endif  // SOLVENCY_WATERFALL_COMPOSE_HPP
