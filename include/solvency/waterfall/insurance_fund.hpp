// solvency/waterfall/insurance_fund.hpp: the insurance-fund stage and the
// venues' triggers for handing a loss over to ADL.
//
// Types and policies in this header (namespace solvency::waterfall):
//
//   fund_account<N>           a fund's party id, balance and floor
//   market_fund<N>            an isolated fund of one market, in host memory
//   insurance_fund<N, Trigger>  isolated per-market fund first, then the
//                             shared pool; a cap per event, a cap per time
//                             window, a floor each fund never goes below, and
//                             a trigger deciding when the fund stops paying
//                             and the rest goes on (to ADL)
//   FundTrigger               what a trigger provides
//   always_pay                the fund pays whatever it can
//   bybit_drawdown_trigger<N> Bybit's contract PnL-drawdown ADL: the fund stops
//                             where pnlRatio = (symbol PnL - symbol 8h max
//                             PnL) / pool 8h max balance would fall below
//                             insurancePnlRatio (-30%), while the balance is
//                             above adlTriggerThreshold (pool-equity ADL at
//                             balance <= 0 is the fund's floor)
//   symbol_pnl<N>             one symbol's PnL against the pool (for Bybit)
//   okx_decline_trigger<N>    OKX: ADL once the fund has fallen 30% in a
//                             straight line from its peak within 8 hours
//
// Every draw is a transfer insurance_fund(id) -> loss(trader), reason
// fund_draw, never a write-off. A fund pays at most `balance - floor`; a
// negative floor is the explicit permission to go into debt, otherwise a
// negative balance is bad input (negative_amount).
//
//   waterfall::insurance_fund<dec> fund{.shared = {.balance = money{1'000'000.0_dec}},
//                                       .per_event_cap = money{250'000.0_dec}};
//   fund.absorb(event, money{400'000.0_dec}, ledger);  // 250'000, the rest goes on
#ifndef SOLVENCY_WATERFALL_INSURANCE_FUND_HPP
#define SOLVENCY_WATERFALL_INSURANCE_FUND_HPP

#include <solvency/config.hpp>
#include <solvency/core/ledger.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/numeric/errc.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>
#include <solvency/waterfall/concepts.hpp>
#include <solvency/waterfall/stages.hpp>

#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <type_traits>

namespace solvency::inline v1 {
namespace waterfall {

/// The default party id of a shared insurance pool: above every market id
/// (market ids are 32-bit), so per-market funds keep party id == market id.
inline constexpr std::uint64_t shared_fund_id = std::uint64_t{1} << 32;

/// One fund: its party id, balance and floor.
template <Number N>
struct fund_account {
  std::uint64_t id = shared_fund_id;  ///< party::insurance_fund(id)
  money<N> balance{};
  money<N> floor{};                   ///< never paid below; negative = may go into debt down to it
};

/// An isolated fund serving one market (party::insurance_fund(market)).
template <Number N>
struct market_fund {
  market_id market = 0;
  money<N> balance{};
  money<N> floor{};
};

/// A trigger limits what the fund pays for one event before the rest is
/// handed on (to ADL). `payable(event, balance, outstanding)` returns at
/// most `outstanding`, given the balance of the funds the event may draw on;
/// `on_paid(event, balance, paid)` updates the trigger's state after the
/// fund paid `paid` from that balance (called only when the stage succeeded).
template <class T, class N>
concept FundTrigger = Number<N> && requires(T& t, const T& ct, const loss_event<N>& ev, money<N> m) {
  { ct.payable(ev, m, m) } -> std::same_as<result<money<N>>>;
  { t.on_paid(ev, m, m) } -> std::same_as<void>;
};

/// The fund pays whatever its balance, floor and caps allow.
struct always_pay {
  template <Number N>
  [[nodiscard]] constexpr result<money<N>> payable(const loss_event<N>&, money<N>, money<N> outstanding) const noexcept {
    return outstanding;
  }
  template <Number N>
  constexpr void on_paid(const loss_event<N>&, money<N>, money<N>) noexcept {}
};

/// One symbol's PnL against a shared pool and its maximum over the last 8
/// hours (the host keeps the rolling maximum; the trigger lowers `current`
/// by what the fund pays for the symbol).
template <Number N>
struct symbol_pnl {
  market_id market = 0;
  money<N> current{};
  money<N> max_8h{};
};

/// Bybit's contract PnL-drawdown ADL (V5 API, "ADL alert"):
/// pnlRatio = (symbol current PnL - symbol 8h max PnL) / pool 8h max balance;
/// ADL when balance > adlTriggerThreshold and pnlRatio < insurancePnlRatio.
/// The fund therefore pays until pnlRatio reaches insurancePnlRatio: at most
/// `-insurance_pnl_ratio x pool_max_balance_8h - (max_8h - current)`
/// (rounded down: the fund keeps the last digit). Example BY-ADL1: pool 8h
/// max 1M, symbol A loses 350K from its max, ratio -0.3: pnlRatio -0.35, the
/// fund pays 300K and 50K goes to ADL. At or below the threshold the
/// drawdown rule does not apply; pool-equity ADL (balance <= 0) is the
/// fund's floor.
template <Number N>
struct bybit_drawdown_trigger {
  rate<N> insurance_pnl_ratio{};     ///< insurancePnlRatio, <= 0 (published example: -0.3)
  money<N> adl_trigger_threshold{};  ///< adlTriggerThreshold (published example: 10000)
  money<N> pool_max_balance_8h{};    ///< the pool's maximum balance over the last 8 hours, > 0
  std::span<symbol_pnl<N>> symbols{};  ///< symbols sharing the pool; a missing symbol has PnL 0 = its max

  /// pnlRatio of Bybit's rule (rounded toward zero; an error for a
  /// non-positive pool maximum).
  [[nodiscard]] static constexpr result<rate<N>> pnl_ratio(money<N> current, money<N> max_8h,
                                                           money<N> pool_max_balance) noexcept {
    if (!(N{} < pool_max_balance.value())) return failure{errc::invalid_argument};
    const rate<N> r = div<round::toward_zero>(current - max_8h, pool_max_balance);
    if (!is_valid(r.value())) return failure{error_of(r.value())};
    return r;
  }
  /// Whether the rule calls for ADL: balance > threshold and pnlRatio < insurancePnlRatio.
  [[nodiscard]] constexpr result<bool> triggered(money<N> balance, money<N> current, money<N> max_8h) const noexcept {
    const auto r = pnl_ratio(current, max_8h, pool_max_balance_8h);
    if (!r) return failure{r.error()};
    return adl_trigger_threshold.value() < balance.value() && r->value() < insurance_pnl_ratio.value();
  }

  [[nodiscard]] constexpr result<money<N>> payable(const loss_event<N>& ev, money<N> balance,
                                                   money<N> outstanding) const noexcept {
    if (!is_valid(insurance_pnl_ratio.value()) || N{} < insurance_pnl_ratio.value())
      return failure{errc::invalid_argument};
    if (auto r = detail::check_amount(adl_trigger_threshold); !r) return failure{r.error()};
    if (auto r = detail::check_amount(pool_max_balance_8h); !r) return failure{r.error()};
    if (!(balance.value() > adl_trigger_threshold.value())) return outstanding;  // drawdown rule off
    const symbol_pnl<N>* s = find(ev.market);
    const money<N> drawn = s == nullptr ? money<N>{} : detail::zero_floor(s->max_8h - s->current);
    if (s != nullptr) {
      if (auto r = detail::check_valid(s->current); !r) return failure{r.error()};
      if (auto r = detail::check_valid(s->max_8h); !r) return failure{r.error()};
    }
    const money<N> allowed = mul<round::down>(pool_max_balance_8h, -insurance_pnl_ratio);
    const money<N> room = detail::zero_floor(allowed - drawn);
    if (!is_valid(room.value())) return failure{error_of(room.value())};
    return detail::min_of(room, outstanding);
  }
  constexpr void on_paid(const loss_event<N>& ev, money<N>, money<N> paid) noexcept {
    for (auto& s : symbols)
      if (s.market == ev.market) {
        s.current -= paid;
        return;
      }
  }

 private:
  [[nodiscard]] constexpr const symbol_pnl<N>* find(market_id m) const noexcept {
    for (const auto& s : symbols)
      if (s.market == m) return &s;
    return nullptr;
  }
};

/// OKX: ADL starts when the fund has fallen `decline` (30%) in a straight
/// line from its peak within `window` (8 hours, in host time units). The
/// fund pays down to `peak - max(decline x peak, min_decline)` at most
/// (`min_decline` is the older text's "max(30%, $50K)"; 0 for the current
/// rule). The trigger tracks the peak: `observe` raises it when the host's
/// balance grows; a peak older than the window is replaced by the current
/// balance (a conservative stand-in for an exact 8-hour rolling maximum,
/// which would need the balance history).
template <Number N>
struct okx_decline_trigger {
  rate<N> decline{};            ///< 0.3 in OKX's current rule
  money<N> min_decline{};       ///< the decline never counts as less than this (older rule: 50'000)
  std::int64_t window = 0;      ///< 8 hours in host time units, > 0
  money<N> peak{};              ///< the highest balance seen within the window
  std::int64_t peak_time = 0;   ///< when it was seen

  /// Report a balance at a time (after inflows): raises the peak, or
  /// restarts it when the old peak is out of the window.
  constexpr void observe(std::int64_t time, money<N> balance) noexcept {
    if (time - peak_time > window || peak.value() <= balance.value()) {
      peak = balance;
      peak_time = time;
    }
  }
  /// The balance at which ADL starts, for a given peak.
  [[nodiscard]] constexpr money<N> threshold(money<N> at_peak) const noexcept {
    return at_peak - detail::max_of(mul<round::up>(at_peak, decline), min_decline);
  }

  [[nodiscard]] constexpr result<money<N>> payable(const loss_event<N>& ev, money<N> balance,
                                                   money<N> outstanding) const noexcept {
    if (!is_valid(decline.value()) || decline.value() < N{} || from_int<N>(1) < decline.value())
      return failure{errc::invalid_argument};
    if (window <= 0) return failure{errc::invalid_argument};
    if (auto r = detail::check_amount(min_decline); !r) return failure{r.error()};
    if (auto r = detail::check_valid(peak); !r) return failure{r.error()};
    const bool expired = ev.time - peak_time > window;
    const money<N> p = (expired || peak.value() < balance.value()) ? balance : peak;
    const money<N> room = detail::zero_floor(balance - threshold(p));
    if (!is_valid(room.value())) return failure{error_of(room.value())};
    return detail::min_of(room, outstanding);
  }
  constexpr void on_paid(const loss_event<N>& ev, money<N> balance, money<N>) noexcept { observe(ev.time, balance); }
};

static_assert(FundTrigger<always_pay, dec>);
static_assert(FundTrigger<always_pay, double>);
static_assert(FundTrigger<bybit_drawdown_trigger<dec>, dec>);
static_assert(FundTrigger<bybit_drawdown_trigger<double>, double>);
static_assert(FundTrigger<okx_decline_trigger<dec>, dec>);
static_assert(FundTrigger<okx_decline_trigger<double>, double>);

/// The insurance fund: the market's isolated fund (if `isolated` has one for
/// the event's market) pays first, then the shared pool (unless
/// `shared_backs_isolated` is false and the market has its own fund).
///
/// Limits, all on the stage's total payout for an event:
///   * `per_event_cap`: at most this much per event;
///   * `window_cap` with `window_length`: at most this much per window of
///     host time; windows are fixed intervals [k L, (k+1) L) (dYdX's
///     per-block insurance limit is the case L = 1 block), and events must
///     come in time order (an earlier window is `invalid_argument`);
///   * each fund's floor;
///   * the trigger (Bybit's drawdown, OKX's decline, or always_pay).
template <Number N, class Trigger = always_pay>
struct insurance_fund {
  static_assert(FundTrigger<Trigger, N>);

  fund_account<N> shared{};                 ///< the shared pool
  std::span<market_fund<N>> isolated{};     ///< per-market funds, drawn first
  bool shared_backs_isolated = true;        ///< whether the shared pool pays after an isolated fund
  std::optional<money<N>> per_event_cap{};  ///< none = no cap; never negative
  std::optional<money<N>> window_cap{};     ///< none = no cap; never negative
  std::int64_t window_length = 0;           ///< > 0 when window_cap is set
  Trigger trigger{};
  // --- state of the current window ---
  std::int64_t window_index = std::numeric_limits<std::int64_t>::min();
  money<N> paid_in_window{};

  /// The isolated fund of a market, or nullptr.
  [[nodiscard]] constexpr market_fund<N>* fund_of(market_id m) const noexcept {
    for (auto& f : isolated)
      if (f.market == m) return &f;
    return nullptr;
  }

  [[nodiscard]] constexpr result<money<N>> absorb(const loss_event<N>& ev, money<N> outstanding,
                                                  ledger<N>& l) noexcept {
    if (auto r = detail::check_amount(outstanding); !r) return failure{r.error()};
    // caps and the window
    money<N> limit = outstanding;
    if (per_event_cap) {
      if (auto r = detail::check_amount(*per_event_cap); !r) return failure{r.error()};
      limit = detail::min_of(limit, *per_event_cap);
    }
    std::int64_t idx = window_index;
    money<N> paid_before{};
    if (window_cap) {
      if (auto r = detail::check_amount(*window_cap); !r) return failure{r.error()};
      if (window_length <= 0) return failure{errc::invalid_argument};
      idx = ev.time / window_length;
      if (ev.time % window_length != 0 && ev.time < 0) --idx;
      if (idx < window_index) return failure{errc::invalid_argument};  // time went backwards
      paid_before = idx == window_index ? paid_in_window : money<N>{};
      limit = detail::min_of(limit, detail::zero_floor(*window_cap - paid_before));
    }
    // the funds this event may draw on
    market_fund<N>* iso = fund_of(ev.market);
    money<N> iso_avail{};
    if (iso != nullptr) {
      const auto p = detail::payable_above_floor(iso->balance, iso->floor);
      if (!p) return failure{p.error()};
      iso_avail = *p;
    }
    const bool use_shared = iso == nullptr || shared_backs_isolated;
    money<N> shared_avail{};
    if (use_shared) {
      const auto p = detail::payable_above_floor(shared.balance, shared.floor);
      if (!p) return failure{p.error()};
      shared_avail = *p;
    }
    money<N> balance{};
    if constexpr (!std::is_same_v<Trigger, always_pay>) {  // always_pay needs no balance: skip the sum
      balance = (iso != nullptr ? iso->balance : money<N>{}) + (use_shared ? shared.balance : money<N>{});
      if (!is_valid(balance.value())) return failure{error_of(balance.value())};
      const auto t = trigger.payable(ev, balance, limit);
      if (!t) return failure{t.error()};
      limit = detail::min_of(limit, detail::zero_floor(*t));
    }
    // pay: isolated first, then shared
    const money<N> from_iso = detail::min_of(limit, iso_avail);
    const money<N> from_shared = detail::min_of(limit - from_iso, shared_avail);
    const std::size_t mark = l.size();
    errc err{};
    if (iso != nullptr &&
        !detail::record_or_undo(l, mark,
                                {party::insurance_fund(iso->market), party::loss(ev.trader), from_iso,
                                 transfer_reason::fund_draw},
                                err))
      return failure{err};
    if (!detail::record_or_undo(l, mark,
                                {party::insurance_fund(shared.id), party::loss(ev.trader), from_shared,
                                 transfer_reason::fund_draw},
                                err))
      return failure{err};
    // commit
    const money<N> paid = from_iso + from_shared;
    if (iso != nullptr) iso->balance -= from_iso;
    shared.balance -= from_shared;
    if (window_cap) {
      window_index = idx;
      paid_in_window = paid_before + paid;
    }
    trigger.on_paid(ev, balance, paid);
    return paid;
  }
};

static_assert(WaterfallStage<insurance_fund<dec>, dec>);
static_assert(WaterfallStage<insurance_fund<double>, double>);
static_assert(WaterfallStage<insurance_fund<dec, bybit_drawdown_trigger<dec>>, dec>);
static_assert(WaterfallStage<insurance_fund<double, bybit_drawdown_trigger<double>>, double>);
static_assert(WaterfallStage<insurance_fund<dec, okx_decline_trigger<dec>>, dec>);
static_assert(WaterfallStage<insurance_fund<double, okx_decline_trigger<double>>, double>);

}  // namespace waterfall
}  // namespace solvency::inline v1

#endif  // SOLVENCY_WATERFALL_INSURANCE_FUND_HPP
