// solvency/sim/engine.hpp: the deleveraging-spiral simulator.
//
// Types and functions in this header (namespace solvency::sim):
//
//   scaled_maintenance<M>  a margin model M whose maintenance rates and
//                          deductions are multiplied by a factor (dynamic
//                          margin: the factor rises with realised volatility)
//   circuit_breaker<N>     halt liquidations for `halt` steps when the mark
//                          moved more than `threshold` within `window` steps
//   dynamic_margin<N>      maintenance x (1 + sensitivity x mean |return| over
//                          `window` steps), in multiples of `quantum`, at most
//                          `max_factor`
//   step_caps<N>           per-step caps: liquidation orders, liquidated notional
//   scan_mode              indexed (O(log n + crossed) per step) or full_scan
//                          (the naive loop over every account, for benchmarks
//                          and for the equivalence test)
//   config<R, I, Plan, Ranking, Waterfall, Settlement, Trigger>
//                          the flat bundle: a venue rulebook (margin model,
//                          convention, tick), an impact model, a liquidation
//                          plan policy (liquidation/plan.hpp), an ADL ranking
//                          (adl/rankings.hpp), a waterfall (waterfall::chain
//                          whose stage<0> is a waterfall::insurance_fund), a
//                          settlement policy (liquidation/settlement.hpp), a
//                          trigger (liquidation/trigger.hpp), the caps, the
//                          breaker, dynamic margin
//   step_record<N>         one row of the timeline
//   summary<N>             the run's key metrics (amplification, fund drawdown,
//                          first ADL step, accounts liquidated and deleveraged)
//   engine<Config>         load accounts, then step(fundamental) per step
//   shock_path(start, shock, ramp, steps)
//                          the exogenous path: a fall of `shock` (0.10 = 10%)
//                          spread over `ramp` steps, then flat
//   simulate(cfg, accounts, path, progress) -> outcome<N>
//
// Each step: the mark is the exogenous price plus the impact model's
// displacement; crossed accounts (liquidation price at or beyond the mark)
// are taken in crossing order (ties by account id), the trigger decides on
// the figures at the mark, and they are liquidated per the plan (partial or
// full, within the step's caps); each forced order hits the
// impact model, which moves the mark, which can cross more accounts; this
// repeats within the step until nothing is crossed, a cap is reached or the
// breaker trips. A reduce order closes at the fill price and the settlement
// policy splits what it leaves (fee and surplus to the fund, residual to the
// trader, or a deficit); a takeover closes the trader at the bankruptcy price
// and the fund sells into the book (its loss is the deficit, its gain the
// surplus). Deficits go to the waterfall; what it
// cannot cover is recorded as uncovered. Once the fund has nothing left to
// pay, a liquidation goes to the book only if it would fill at or better
// than its bankruptcy price (the impact model's quote); otherwise it is
// closed against the opposite side by the library's ADL (adl::execute over
// an adl::queue in refresh::touched_only mode, ranked by the ADL policy at
// the mark of the step's first ADL and kept ranked across the step's
// events): the bankrupt account closes at the mark, the counterparties
// cover the difference to the ranking's execution price (the bankruptcy
// price for most venues), a counterparty the close would make bankrupt is
// skipped, and what no counterparty takes goes to the book.
//
// Money: every unit is in one of wallets, the fund, the clearing account
// (realised PnL paid out and received), the other waterfall parties (open
// interest charged, dust), less the uncovered loss: the sum never changes
// (engine::total_money). Open interest: long == short at every step, the
// book's liquidity providers holding what forced orders traded.
//
// Determinism: accounts are sorted by id on load, every order is total,
// nothing depends on addresses or hashing: the same inputs give the same
// timeline whatever the order of the accounts.
//
// Not modelled: cross-margin accounts (one isolated position per account),
// several markets, funding, the holders' side of an open-interest charge
// (kept as a receivable). The ADL queue is ranked once per step in which it
// is needed (venues refresh it periodically too: queue::pin), then only the
// counterparties each event closes are rescored (and accounts changed
// outside ADL, reported with queue::update), so a step costs O(n + events x
// k log n), not O(n x events).
#ifndef SOLVENCY_SIM_ENGINE_HPP
#define SOLVENCY_SIM_ENGINE_HPP

#include <solvency/adl/concepts.hpp>
#include <solvency/adl/execution.hpp>
#include <solvency/adl/queue.hpp>
#include <solvency/adl/rankings.hpp>
#include <solvency/config.hpp>
#include <solvency/core/ledger.hpp>
#include <solvency/core/position.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/liquidation/plan.hpp>
#include <solvency/liquidation/settlement.hpp>
#include <solvency/liquidation/trigger.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>
#include <solvency/sim/impact.hpp>
#include <solvency/sim/index.hpp>
#include <solvency/sim/population.hpp>
#include <solvency/venues/rulebook.hpp>
#include <solvency/waterfall/compose.hpp>
#include <solvency/waterfall/insurance_fund.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

namespace solvency::inline v1::sim {

// ============================================================================
// policies
// ============================================================================

/// M with its maintenance rates and deductions multiplied by `factor`
/// (initial rates kept, raised to the maintenance rate where it passes them).
/// Scaling rate and deduction together keeps a table's deductions
/// consistent with its rates.
template <MarginModel M>
struct scaled_maintenance {
  using number_type = typename M::number_type;
  M base{};
  rate<number_type> factor{from_int<number_type>(1)};

  [[nodiscard]] constexpr tier_basis basis() const noexcept { return base.basis(); }
  [[nodiscard]] constexpr result<margin_tier<number_type>> tier_for(const margin_input<number_type>& in) const noexcept {
    result<margin_tier<number_type>> t = base.tier_for(in);
    if (!t || factor.value() == from_int<number_type>(1)) return t;
    margin_tier<number_type> s = *t;
    s.maintenance = mul<round::up>(s.maintenance, factor);
    s.deduction = mul<round::down>(s.deduction, factor);
    if (s.initial < s.maintenance) s.initial = s.maintenance;
    return s;
  }
};

template <Number N>
struct circuit_breaker {
  bool enabled = false;
  rate<N> threshold{};        ///< the largest move allowed within the window (0.05 = 5%)
  std::size_t window = 10;    ///< steps
  std::size_t halt = 10;      ///< steps without liquidations once tripped
};

template <Number N>
struct dynamic_margin {
  bool enabled = false;
  std::size_t window = 20;       ///< steps of realised volatility
  rate<N> sensitivity{};         ///< factor = 1 + sensitivity x mean |return|
  rate<N> quantum{};             ///< the factor moves in these steps (> 0): each change re-solves every account
  rate<N> max_factor{};          ///< the cap (>= 1)
};

template <Number N>
struct step_caps {
  std::size_t max_orders = 0;     ///< liquidation orders per step (0: no cap)
  money<N> max_notional{};        ///< liquidated notional per step at the mark (0: no cap)
  std::size_t max_plans = 64;     ///< plans per account per step (a policy that needs more waits a step)
};

enum class scan_mode : std::uint8_t { indexed, full_scan };

/// The simulator's flat rulebook.
template <venues::Rulebook R, class Impact, class Plan = full_takeover, class Ranking = adl::binance_ranking,
          class Waterfall = waterfall::chain<waterfall::insurance_fund<typename R::number_type>>,
          class Settlement = surplus_to_fund, class Trigger = margin_ratio_reaches_one>
struct config {
  using number_type = typename R::number_type;
  using rulebook_type = R;
  using impact_type = Impact;
  using plan_type = Plan;
  using ranking_type = Ranking;
  using waterfall_type = Waterfall;
  using settlement_type = Settlement;
  using trigger_type = Trigger;
  static_assert(ImpactModel<Impact, number_type>);
  static_assert(LiquidationSettlement<Settlement, number_type>);
  static_assert(LiquidationTrigger<Trigger, number_type>);
  static_assert(LiquidationPlan<Plan, number_type>);
  static_assert(adl::AdlRanking<Ranking, number_type>);

  R rules{};
  Impact impact{};
  Plan plan{};
  Ranking ranking{};
  Waterfall waterfall{};
  Settlement settlement{};           ///< who gets what a close in the book leaves (liquidation/settlement.hpp)
  Trigger trigger{};                 ///< when a crossed account is liquidated (liquidation/trigger.hpp)
  contract<number_type> spec{};      ///< every account's contract (linear, multiplier 1 by default)
  market_id market = 0;
  step_caps<number_type> caps{};
  circuit_breaker<number_type> breaker{};
  dynamic_margin<number_type> margin{};
  bool adl_enabled = true;           ///< false: the waterfall's later stages (socialisation) take what the fund cannot
  scan_mode scan = scan_mode::indexed;
  /// How the ADL queue refreshes between events: touched_only (rescore only
  /// the counterparties an event closed) or every_event (rank the side from
  /// scratch before every event: the reference, O(n) per event).
  adl::refresh adl_refresh = adl::refresh::touched_only;
};

// ============================================================================
// results
// ============================================================================

template <Number N>
struct step_record {
  std::int64_t step = 0;
  price<N> fundamental{};          ///< the exogenous price
  price<N> mark{};                 ///< at the end of the step
  std::uint32_t liquidations = 0;  ///< liquidation orders executed (reduce, takeover)
  money<N> liquidated_notional{};  ///< their notional at the mark
  money<N> fund{};                 ///< fund balance at the end of the step
  std::uint32_t adl_count = 0;     ///< counterparties deleveraged
  money<N> adl_notional{};         ///< notional closed by ADL, at the bankruptcy prices
  money<N> socialized{};           ///< cumulative loss covered by the stages after the fund
  money<N> uncovered{};            ///< cumulative loss nothing covered
  bool halted = false;             ///< the breaker held liquidations this step
  rate<N> margin_factor{};         ///< the maintenance multiplier in force
  quantity<N> long_oi{};
  quantity<N> short_oi{};
};

template <Number N>
struct summary {
  std::size_t steps = 0;
  price<N> start{};
  price<N> lowest_mark{};
  price<N> highest_mark{};
  rate<N> exogenous_move{};        ///< largest |fundamental - start| / start
  rate<N> total_move{};            ///< largest |mark - start| / start
  rate<N> amplification{};         ///< total_move / exogenous_move (0 without an exogenous move)
  rate<N> largest_gap{};           ///< largest |mark - fundamental| / start: forced orders' own push at its worst
  money<N> fund_start{};
  money<N> fund_lowest{};          ///< the lowest balance at any point, within steps too
  money<N> fund_end{};
  rate<N> fund_drawdown{};         ///< (start - lowest) / start (0 for an empty fund)
  std::int64_t first_adl_step = -1;
  std::int64_t fund_exhausted_step = -1;
  std::size_t accounts = 0;
  std::size_t accounts_liquidated = 0;
  std::size_t accounts_deleveraged = 0;
  std::size_t liquidation_orders = 0;
  money<N> liquidated_notional{};
  money<N> adl_notional{};
  money<N> socialized{};
  money<N> uncovered{};
  std::size_t halted_steps = 0;
};

/// An account as the engine holds it.
template <Number N>
struct account_state {
  account_id id = 0;
  solvency::side side = solvency::side::long_;
  quantity<N> size{};
  price<N> entry{};
  money<N> wallet{};
  price<N> trigger{};
  price_state trigger_state = price_state::never;
  std::uint32_t version = 0;
  bool liquidated = false;
  bool deleveraged = false;
  std::uint16_t plans_this_step = 0;
  std::int64_t last_slice = 0;
  bool has_last_slice = false;
  bool adl_dirty = false;  ///< changed since its ADL holder was last synchronised
};

/// A fall of `shock` (0.10: 10%; negative: a rise) spread evenly over `ramp`
/// steps (at least 1), then flat, `steps` prices in all, the first the start.
/// Errors: non_positive_price (start <= 0), invalid_argument (shock >= 1, i.e.
/// a fall of 100% or more; ramp 0; steps 0).
template <Number N>
[[nodiscard]] inline result<void> shock_path(price<N> start, rate<N> shock, std::size_t ramp, std::size_t steps,
                                             std::vector<price<N>>& out) {
  if (!start.is_valid() || !(start.value() > N{})) return failure{errc::non_positive_price};
  if (!shock.is_valid() || !(shock.value() < from_int<N>(1))) return failure{errc::invalid_argument};
  if (ramp == 0 || steps == 0) return failure{errc::invalid_argument};
  std::vector<price<N>> p;
  p.reserve(steps);
  const price_delta<N> total = mul<round::nearest_even>(start, shock);
  for (std::size_t t = 0; t < steps; ++t) {
    const std::size_t k = t < ramp ? t : ramp;
    const price_delta<N> d{muldiv<round::nearest_even>(total.value(), from_int<N>(static_cast<std::int64_t>(k)),
                                                       from_int<N>(static_cast<std::int64_t>(ramp)))};
    const price<N> v = start - d;
    if (!v.is_valid() || !(v.value() > N{})) return failure{errc::invalid_argument};
    p.push_back(v);
  }
  out = std::move(p);
  return {};
}

namespace detail {
template <Number N>
[[nodiscard]] constexpr N highest() noexcept {
  if constexpr (std::is_floating_point_v<N>)
    return std::numeric_limits<N>::max();
  else
    return N::max();
}
template <Number N>
[[nodiscard]] constexpr N abs_of(N x) noexcept {
  return x < N{} ? -x : x;
}
template <class W>
concept FundFirst = requires(W& w) { w.template stage<0>().shared.balance; };
}  // namespace detail

// ============================================================================
// the engine
// ============================================================================

template <class Config>
class engine {
 public:
  using N = typename Config::number_type;
  using rules_type = venues::rulebook<scaled_maintenance<typename Config::rulebook_type::margin_model>,
                                     typename Config::rulebook_type::display_rounding>;
  static_assert(detail::FundFirst<typename Config::waterfall_type>,
                "the simulator's waterfall is a waterfall::chain whose stage<0> is a waterfall::insurance_fund");

  explicit engine(Config cfg) : cfg_(std::move(cfg)) {
    const auto& r = cfg_.rules;
    rules_ = rules_type{r.venue, {r.model, rate<N>{from_int<N>(1)}}, r.convention, r.tick, r.display_step};
    ledger_storage_.resize(256);
  }
  // The ADL queue holds spans into the engine's own vectors: moving keeps
  // their buffers, copying would not.
  engine(engine&&) noexcept = default;
  engine& operator=(engine&&) noexcept = default;
  engine(const engine&) = delete;
  engine& operator=(const engine&) = delete;

  /// Checks the parameters and loads the accounts (any order; sorted by id).
  /// Errors: the impact model's, invalid_argument for bad breaker or margin
  /// parameters or an account count above 2^32 - 1, duplicate_id,
  /// non_positive_quantity / non_positive_price / negative_amount for a bad
  /// account, the liquidation-price solver's.
  [[nodiscard]] result<void> load(std::span<const account_record<N>> accts) {
    if (auto ok = cfg_.impact.validate(); !ok) return ok;
    if (auto ok = check_policies(); !ok) return ok;
    if (accts.size() >= std::numeric_limits<std::uint32_t>::max()) return failure{errc::invalid_argument};
    std::vector<account_state<N>> a;
    a.reserve(accts.size());
    for (const auto& r : accts) {
      if (!is_valid(r.side)) return failure{errc::invalid_argument};
      if (!r.size.is_valid() || !(r.size.value() > N{})) return failure{errc::non_positive_quantity};
      if (!r.entry.is_valid() || !(r.entry.value() > N{})) return failure{errc::non_positive_price};
      if (!r.margin.is_valid() || r.margin.value() < N{}) return failure{errc::negative_amount};
      account_state<N> s{};
      s.id = r.id;
      s.side = r.side;
      s.size = r.size;
      s.entry = r.entry;
      s.wallet = r.margin;
      a.push_back(s);
    }
    std::sort(a.begin(), a.end(), [](const auto& x, const auto& y) { return x.id < y.id; });
    for (std::size_t i = 1; i < a.size(); ++i)
      if (a[i].id == a[i - 1].id) return failure{errc::duplicate_id};
    accts_ = std::move(a);
    drop_adl();
    adl_updates_ = 0;
    long_oi_ = short_oi_ = quantity<N>{};
    for (const auto& s : accts_) (s.side == side::long_ ? long_oi_ : short_oi_) += s.size;
    if (auto ok = solve_all(); !ok) return ok;
    fund_start_ = fund();
    fund_low_ = fund_start_;
    initial_total_ = total_money();
    loaded_ = true;
    return {};
  }

  /// One step at exogenous price `fundamental`. Errors: non_positive_price,
  /// invalid_argument before load(), any policy's error (the run stops).
  [[nodiscard]] result<void> step(price<N> fundamental) {
    if (!loaded_) return failure{errc::invalid_argument};
    if (!fundamental.is_valid() || !(fundamental.value() > N{})) return failure{errc::non_positive_price};
    fundamental_ = fundamental;
    if (!timeline_.empty()) cfg_.impact.recover();
    update_mark();
    if (timeline_.empty()) start_ = mark_;
    step_rec_ = step_record<N>{};
    step_rec_.step = now_;
    orders_this_step_ = 0;
    notional_this_step_ = money<N>{};
    for (std::uint32_t s : touched_) accts_[s].plans_this_step = 0;
    touched_.clear();
    if (auto ok = update_margin_factor(); !ok) return ok;
    const bool halted = now_ < halted_until_;
    if (!halted) {
      if (auto ok = cascade(); !ok) return ok;
    }
    step_rec_.halted = halted || now_ < halted_until_;
    step_rec_.fundamental = fundamental_;
    step_rec_.mark = mark_;
    step_rec_.fund = fund();
    step_rec_.socialized = socialized_;
    step_rec_.uncovered = uncovered_;
    step_rec_.margin_factor = rules_.model.factor;
    step_rec_.long_oi = long_oi_ + (lp_.value() > N{} ? lp_ : quantity<N>{});
    step_rec_.short_oi = short_oi_ + (lp_.value() < N{} ? -lp_ : quantity<N>{});
    if (step_rec_.adl_count > 0 && first_adl_ < 0) first_adl_ = now_;
    note_fund();
    timeline_.push_back(step_rec_);
    marks_.push_back(mark_);
    ++now_;
    return {};
  }

  [[nodiscard]] const std::vector<step_record<N>>& timeline() const noexcept { return timeline_; }
  [[nodiscard]] std::span<const account_state<N>> accounts() const noexcept { return accts_; }
  [[nodiscard]] price<N> mark() const noexcept { return mark_; }
  [[nodiscard]] const Config& config() const noexcept { return cfg_; }
  /// How many times an account on the ADL side that changed outside the
  /// queue between two ADL events of a step (a waterfall stage charging
  /// it) was reported to the ranked queue alone (adl::queue::update())
  /// instead of the side being ranked again; since load().
  [[nodiscard]] std::size_t adl_updates() const noexcept { return adl_updates_; }
  [[nodiscard]] money<N> fund() const noexcept { return fund_stage().shared.balance; }
  [[nodiscard]] money<N> clearing() const noexcept { return clearing_; }
  [[nodiscard]] money<N> uncovered() const noexcept { return uncovered_; }
  /// The liquidity providers' net position (what forced orders sold them).
  [[nodiscard]] quantity<N> provider_position() const noexcept { return lp_; }

  /// Every unit of money, summed from the state (not from a running total):
  /// wallets + fund + clearing + other waterfall parties - uncovered loss.
  [[nodiscard]] money<N> total_money() const noexcept {
    money<N> t = fund() + clearing_ + others_ - uncovered_;
    for (const auto& a : accts_) t += a.wallet;
    return t;
  }
  /// The total at load time.
  [[nodiscard]] money<N> initial_money() const noexcept { return initial_total_; }
  /// Open interest of one side, summed from the state, the providers included.
  [[nodiscard]] quantity<N> open_interest(side s) const noexcept {
    quantity<N> q{};
    for (const auto& a : accts_)
      if (a.side == s) q += a.size;
    if (s == side::long_ && lp_.value() > N{}) q += lp_;
    if (s == side::short_ && lp_.value() < N{}) q -= lp_;
    return q;
  }

  [[nodiscard]] summary<N> summarize() const {
    summary<N> s{};
    s.steps = timeline_.size();
    s.accounts = accts_.size();
    s.fund_start = fund_start_;
    s.fund_end = fund();
    s.fund_lowest = fund_low_;
    s.first_adl_step = first_adl_;
    s.fund_exhausted_step = fund_exhausted_;
    s.socialized = socialized_;
    s.uncovered = uncovered_;
    if (timeline_.empty()) return s;
    s.start = start_;
    s.lowest_mark = s.highest_mark = start_;
    N exo{}, tot{}, gap{};
    for (const auto& r : timeline_) {
      if (r.mark < s.lowest_mark) s.lowest_mark = r.mark;
      if (r.mark > s.highest_mark) s.highest_mark = r.mark;
      const N e = detail::abs_of((r.fundamental - start_).value());
      const N m = detail::abs_of((r.mark - start_).value());
      if (e > exo) exo = e;
      if (m > tot) tot = m;
      const N g = detail::abs_of((r.mark - r.fundamental).value());
      if (g > gap) gap = g;
      s.liquidation_orders += r.liquidations;
      s.liquidated_notional += r.liquidated_notional;
      s.adl_notional += r.adl_notional;
      if (r.halted) ++s.halted_steps;
    }
    s.exogenous_move = rate<N>{div<round::nearest_even>(exo, start_.value())};
    s.total_move = rate<N>{div<round::nearest_even>(tot, start_.value())};
    s.largest_gap = rate<N>{div<round::nearest_even>(gap, start_.value())};
    if (exo > N{}) s.amplification = rate<N>{div<round::nearest_even>(tot, exo)};
    if (fund_start_.value() > N{})
      s.fund_drawdown = div<round::nearest_even>(fund_start_ - s.fund_lowest, fund_start_);
    for (const auto& a : accts_) {
      if (a.liquidated) ++s.accounts_liquidated;
      if (a.deleveraged) ++s.accounts_deleveraged;
    }
    return s;
  }

 private:
  using fund_type = std::remove_cvref_t<decltype(std::declval<typename Config::waterfall_type&>().template stage<0>())>;

  [[nodiscard]] fund_type& fund_stage() noexcept { return cfg_.waterfall.template stage<0>(); }
  [[nodiscard]] const fund_type& fund_stage() const noexcept { return cfg_.waterfall.template stage<0>(); }
  [[nodiscard]] money<N> fund_available() const noexcept {
    const money<N> a = fund_stage().shared.balance - fund_stage().shared.floor;
    return a.value() > N{} ? a : money<N>{};
  }

  [[nodiscard]] result<void> check_policies() const noexcept {
    const N one = from_int<N>(1);
    const auto& b = cfg_.breaker;
    if (b.enabled && (!b.threshold.is_valid() || !(b.threshold.value() > N{}) || b.window == 0))
      return failure{errc::invalid_argument};
    const auto& m = cfg_.margin;
    if (m.enabled) {
      if (m.window == 0 || !m.sensitivity.is_valid() || m.sensitivity.value() < N{}) return failure{errc::invalid_argument};
      if (!m.quantum.is_valid() || !(m.quantum.value() > N{})) return failure{errc::invalid_argument};
      if (!m.max_factor.is_valid() || m.max_factor.value() < one) return failure{errc::invalid_argument};
    }
    if (!cfg_.caps.max_notional.is_valid() || cfg_.caps.max_notional.value() < N{}) return failure{errc::negative_amount};
    if (cfg_.caps.max_plans == 0) return failure{errc::invalid_argument};
    const money<N> f = fund_stage().shared.balance;
    if (!f.is_valid()) return failure{error_of(f.value())};
    if (f.value() < N{}) return failure{errc::negative_amount};
    return {};
  }

  [[nodiscard]] position<N> pos_of(const account_state<N>& a, quantity<N> size) const noexcept {
    return position<N>{a.side, size, a.entry, cfg_.spec};
  }
  [[nodiscard]] margined_position<N> mp_of(const account_state<N>& a) const noexcept {
    return margined_position<N>{pos_of(a, a.size), a.wallet, money<N>{}};
  }

  void update_mark() noexcept {
    price<N> m = fundamental_ + cfg_.impact.displacement();
    const price<N> floor{cfg_.rules.tick.value() > N{} ? cfg_.rules.tick.value() : number_traits<N>::epsilon()};
    if (!(m > floor)) m = floor;
    mark_ = m;
  }

  /// Solves account s's trigger for its current size and wallet.
  [[nodiscard]] result<void> solve(std::uint32_t s) {
    account_state<N>& a = accts_[s];
    ++a.version;
    if (!(a.size.value() > N{})) {
      a.trigger_state = price_state::never;
      return {};
    }
    const result<solved_price<N>> lp = venues::liquidation_price(rules_, mp_of(a));
    if (!lp) return failure{lp.error()};
    a.trigger_state = lp->state;
    if (lp->state == price_state::at_price)
      a.trigger = lp->value;
    else if (lp->state == price_state::always)
      a.trigger = a.side == side::long_ ? price<N>{detail::highest<N>()} : price<N>{};
    return {};
  }
  [[nodiscard]] index_entry<N> entry_of(std::uint32_t s) const noexcept {
    const auto& a = accts_[s];
    return {a.trigger, s, a.version, a.id};
  }
  [[nodiscard]] result<void> solve_all() {
    std::vector<index_entry<N>> longs, shorts;
    for (std::uint32_t s = 0; s < accts_.size(); ++s) {
      if (auto ok = solve(s); !ok) return ok;
      const auto& a = accts_[s];
      if (a.trigger_state == price_state::never) continue;
      (a.side == side::long_ ? longs : shorts).push_back(entry_of(s));
    }
    if (cfg_.scan == scan_mode::indexed) {
      index_.assign(side::long_, std::move(longs));
      index_.assign(side::short_, std::move(shorts));
    }
    return {};
  }
  [[nodiscard]] result<void> resolve_and_requeue(std::uint32_t s) {
    if (auto ok = solve(s); !ok) return ok;
    const auto& a = accts_[s];
    if (a.trigger_state == price_state::never) return {};
    if (cfg_.scan == scan_mode::indexed)
      index_.insert(a.side, entry_of(s));
    else
      rescan_ = true;  // the full scan re-reads every account rather than merge (that is what makes it naive)
    return {};
  }

  [[nodiscard]] result<void> update_margin_factor() {
    const auto& m = cfg_.margin;
    if (!m.enabled || marks_.size() < 2) return {};
    const std::size_t w = std::min(m.window, marks_.size() - 1);
    N sum{};
    for (std::size_t i = marks_.size() - w; i < marks_.size(); ++i)
      sum += div<round::up>(detail::abs_of((marks_[i] - marks_[i - 1]).value()), marks_[i - 1].value());
    const N vol = div<round::up>(sum, from_int<N>(static_cast<std::int64_t>(w)));
    N f = from_int<N>(1) + mul<round::down>(m.sensitivity.value(), vol);
    f = round_to_multiple<round::down>(f, m.quantum.value());
    if (f < from_int<N>(1)) f = from_int<N>(1);
    if (f > m.max_factor.value()) f = m.max_factor.value();
    if (f == rules_.model.factor.value()) return {};
    rules_.model.factor = rate<N>{f};
    pending_[0].clear();
    pending_[1].clear();
    return solve_all();
  }

  [[nodiscard]] bool breaker_tripped() const noexcept {
    const auto& b = cfg_.breaker;
    if (!b.enabled || marks_.empty()) return false;
    const price<N> ref = marks_.size() >= b.window ? marks_[marks_.size() - b.window] : marks_.front();
    const N move = detail::abs_of((mark_ - ref).value());
    return mul<round::down>(ref.value(), b.threshold.value()) < move;
  }

  [[nodiscard]] bool capped() const noexcept {
    const auto& c = cfg_.caps;
    if (c.max_orders != 0 && orders_this_step_ >= c.max_orders) return true;
    if (c.max_notional.value() > N{} && !(notional_this_step_ < c.max_notional)) return true;
    return false;
  }

  /// The next crossed, current entry in crossing order, or nothing.
  [[nodiscard]] std::optional<index_entry<N>> next_indexed() {
    for (const side s : {side::long_, side::short_}) {
      while (auto e = index_.next(s, mark_)) {
        index_.pop(s);
        const auto& a = accts_[e->slot];
        if (e->version != a.version || !(a.size.value() > N{})) continue;  // stale
        return e;
      }
    }
    return std::nullopt;
  }
  /// The naive loop: every account scanned for the crossed ones whenever
  /// its queue of one side runs dry (longs first, as the index), handed out
  /// in crossing order; O(n) per scan, so O(n x steps) at least.
  [[nodiscard]] std::optional<index_entry<N>> next_full_scan() {
    if (rescan_) {
      pending_[0].clear();
      pending_[1].clear();
      rescan_ = false;
    }
    for (const side s : {side::long_, side::short_}) {
      auto& heap = pending_[s == side::long_ ? 0 : 1];
      for (int pass = 0; pass < 2; ++pass) {
        while (!heap.empty()) {
          std::pop_heap(heap.begin(), heap.end(), scan_order{s});
          const index_entry<N> e = heap.back();
          heap.pop_back();
          const auto& a = accts_[e.slot];
          if (e.version != a.version || !(a.size.value() > N{})) continue;
          if (!liquidation_index<N>::crossed(s, e, mark_)) continue;
          return e;
        }
        if (pass == 1) break;
        for (std::uint32_t i = 0; i < accts_.size(); ++i) {
          const auto& a = accts_[i];
          if (a.side != s || a.trigger_state == price_state::never || !(a.size.value() > N{})) continue;
          if (a.plans_this_step >= cfg_.caps.max_plans) continue;
          if (liquidation_index<N>::crossed(s, entry_of(i), mark_)) heap.push_back(entry_of(i));
        }
        std::make_heap(heap.begin(), heap.end(), scan_order{s});
      }
    }
    return std::nullopt;
  }
  struct scan_order {
    side s;
    bool operator()(const index_entry<N>& a, const index_entry<N>& b) const noexcept {
      return liquidation_index<N>::before(s, b, a);
    }
  };

  [[nodiscard]] result<void> cascade() {
    deferred_.clear();
    for (;;) {
      if (capped()) break;
      const std::optional<index_entry<N>> e = cfg_.scan == scan_mode::indexed ? next_indexed() : next_full_scan();
      if (!e) break;
      if (breaker_tripped()) {
        halted_until_ = now_ + static_cast<std::int64_t>(cfg_.breaker.halt);
        put_back(*e);
        break;
      }
      account_state<N>& a = accts_[e->slot];
      if (a.plans_this_step >= cfg_.caps.max_plans) {
        deferred_.push_back(e->slot);
        continue;
      }
      if (a.plans_this_step == 0) touched_.push_back(e->slot);
      ++a.plans_this_step;
      if (auto ok = liquidate(e->slot); !ok) return ok;
    }
    // entries held back by a cap or by the per-account plan limit wait for the next step
    for (std::uint32_t s : deferred_)
      if (auto ok = resolve_and_requeue(s); !ok) return ok;
    if (cfg_.scan == scan_mode::full_scan) {
      pending_[0].clear();
      pending_[1].clear();
    }
    return {};
  }
  void put_back(const index_entry<N>& e) {
    if (cfg_.scan == scan_mode::indexed) index_.insert(accts_[e.slot].side, e);
  }

  // --- money movements --------------------------------------------------------

  /// Account s closes `q` at price p: its wallet takes the PnL, the clearing
  /// account pays it (or receives the loss).
  void realize(account_state<N>& a, quantity<N> q, price<N> p) {
    const money<N> pl = pnl<round::down>(pos_of(a, q), p);
    a.wallet += pl;
    clearing_ -= pl;
    a.size -= q;
    mark_dirty(a);
    (a.side == side::long_ ? long_oi_ : short_oi_) -= q;
  }

  /// Runs the waterfall on a deficit. `trader` is the bankrupt account; the
  /// covered amount goes to `target` (the trader's wallet, or the clearing
  /// account for a loss the fund made selling a takeover).
  [[nodiscard]] result<void> absorb(const account_state<N>& a, money<N> deficit, quantity<N> size, price<N> bp,
                                    money<N>* target) {
    if (!(deficit.value() > N{})) return {};
    mark_dirty(a);
    ledger<N> l{std::span<transfer<N>>(ledger_storage_)};
    loss_event<N> ev{};
    ev.trader = a.id;
    ev.market = cfg_.market;
    ev.deficit = deficit;
    ev.time = now_;
    ev.bankrupt_side = a.side;
    ev.size = size;
    ev.bankruptcy = bp;
    ev.mark = mark_;
    const result<waterfall::absorption<N>> r = cfg_.waterfall.absorb(ev, l);
    if (!r) return failure{r.error()};
    for (const transfer<N>& t : l.entries()) {
      // the fund stage keeps its own balance: its side is already applied
      if (t.from.kind != party_kind::insurance_fund) debit(t.from, t.amount);
      if (t.to.kind == party_kind::loss)
        *target += t.amount;
      else if (t.to.kind != party_kind::insurance_fund)
        credit(t.to, t.amount);
    }
    for (std::size_t i = 1; i < waterfall::absorption<N>::max_stages; ++i) socialized_ += r->by_stage[i];
    note_fund();
    *target += r->remainder;
    uncovered_ += r->remainder;
    return {};
  }
  /// Records the fund's lowest balance and the first step it ran dry, as
  /// they happen (within a step, not only at its end).
  void note_fund() noexcept {
    const money<N> f = fund();
    if (f < fund_low_) fund_low_ = f;
    if (fund_exhausted_ < 0 && !(fund_available().value() > N{})) fund_exhausted_ = now_;
  }
  void debit(party p, money<N> m) {
    if (p.kind == party_kind::counterparty || p.kind == party_kind::trader) {
      if (account_state<N>* a = find(p.id)) {
        a->wallet -= m;
        mark_dirty(*a);
        return;
      }
    }
    others_ -= m;
  }
  void credit(party p, money<N> m) {
    if (p.kind == party_kind::counterparty || p.kind == party_kind::trader) {
      if (account_state<N>* a = find(p.id)) {
        a->wallet += m;
        mark_dirty(*a);
        return;
      }
    }
    others_ += m;
  }
  [[nodiscard]] account_state<N>* find(account_id id) noexcept {
    auto it = std::lower_bound(accts_.begin(), accts_.end(), id, [](const auto& x, account_id v) { return x.id < v; });
    return it != accts_.end() && it->id == id ? &*it : nullptr;
  }

  // --- liquidation ------------------------------------------------------------

  [[nodiscard]] result<void> liquidate(std::uint32_t s) {
    account_state<N>& a = accts_[s];
    const margined_position<N> mp = mp_of(a);
    const result<solved_price<N>> bps = venues::bankruptcy_price(rules_, mp);
    if (!bps) return failure{bps.error()};
    const price<N> bp = bps->has_price() ? bps->value : mark_;
    // The index says the liquidation price was crossed; the venue's trigger
    // decides on the figures at the mark (the price is rounded toward the
    // mark, so it can cross a hair before the rule does: then wait a step).
    const money<N> bvalue = bps->has_price() ? position_value<round::up>(mp.pos, bp) : money<N>{};
    const result<liquidation_decision<N>> decision =
        assess_isolated(cfg_.trigger, rules_.model, isolated_position<N>{mp.pos, mp.margin}, mark_,
                        rules_.convention.margin, bvalue, rules_.convention.inputs);
    if (!decision) return failure{decision.error()};
    if (!decision->liquidating()) {
      deferred_.push_back(s);
      return {};
    }
    plan_input<N> in{};
    in.decision = *decision;
    in.mp = mp;
    in.mark = mark_;
    in.bankruptcy = bp;
    in.limit = bp;
    in.now = now_;
    in.last_slice = a.last_slice;
    in.has_last_slice = a.has_last_slice;
    const auto plan = cfg_.plan.plan(in);
    if (!plan) return failure{plan.error()};
    bool closed_any = false;
    for (const liquidation_step<N>& st : plan->steps()) {
      if (st.kind == step_kind::cancel_orders) continue;
      quantity<N> q = st.size < a.size ? st.size : a.size;
      if (!(q.value() > N{})) continue;
      closed_any = true;
      a.liquidated = true;
      const money<N> value = notional<round::up>(pos_of(a, q), mark_);
      ++orders_this_step_;
      notional_this_step_ += value;
      ++step_rec_.liquidations;
      step_rec_.liquidated_notional += value;
      if (cfg_.adl_enabled && !(fund_available().value() > N{}) && !fills_above_bankruptcy(a, q, bp)) {
        if (auto ok = deleverage(s, q, bp); !ok) return ok;
      } else if (st.kind == step_kind::reduce) {
        if (auto ok = market_close(s, q, bp); !ok) return ok;
      } else {
        if (auto ok = takeover(s, q, st.kind == step_kind::take_over ? bp : st.limit, bp); !ok) return ok;
      }
      if (!(accts_[s].size.value() > N{})) break;
    }
    account_state<N>& b = accts_[s];
    b.last_slice = now_;
    b.has_last_slice = true;
    if (!closed_any) {
      deferred_.push_back(s);  // nothing closed this step (a per-block cap): plan again next step
      return {};
    }
    return resolve_and_requeue(s);
  }

  /// Whether closing q in the book would fill at or better than the
  /// bankruptcy price (no deficit): with the fund exhausted, only such closes
  /// still go to the book; the others are deleveraged.
  [[nodiscard]] bool fills_above_bankruptcy(const account_state<N>& a, quantity<N> q, price<N> bp) const {
    const result<price<N>> p = cfg_.impact.quote(opposite(a.side), q, fundamental_);
    if (!p) return false;
    return a.side == side::long_ ? !(*p < bp) : !(*p > bp);
  }

  /// A close in the book: the order hits the impact model; the settlement
  /// policy splits what the closed part leaves (its share of the margin plus
  /// the close PnL) into a fee and a surplus to the fund and a residual the
  /// trader keeps, or a deficit for the waterfall.
  [[nodiscard]] result<void> market_close(std::uint32_t s, quantity<N> q, price<N> bp) {
    account_state<N>& a = accts_[s];
    const position<N> before = pos_of(a, a.size);
    const money<N> w = a.wallet.value() > N{} ? a.wallet : money<N>{};
    const money<N> backing = q == a.size ? w : money<N>{muldiv<round::down>(w.value(), q.value(), a.size.value())};
    const result<execution<N>> ex = cfg_.impact.execute(opposite(a.side), q, fundamental_);
    if (!ex) return failure{ex.error()};
    settlement_input<N> in{};
    in.pos = before;
    in.margin = backing;
    in.fill = {q, ex->average};
    in.bankruptcy = bp;
    in.liquidation = a.trigger_state == price_state::at_price ? a.trigger : price<N>{};
    in.trader = party::trader(a.id);
    in.fund = in.fee_payee = party::insurance_fund(fund_stage().shared.id);
    const result<settlement<N>> st = solvency::settle<N>(cfg_.settlement, in);
    if (!st) return failure{st.error()};
    lp_ += a.side == side::long_ ? q : -q;
    realize(a, q, ex->average);
    update_mark();
    const money<N> kept = st->liquidation_fee + st->to_fund;  // the fee and the surplus, to the fund
    a.wallet -= kept;
    mark_dirty(a);
    fund_stage().shared.balance += kept;
    if (st->deficit.value() > N{}) {
      if (auto ok = absorb(a, st->deficit, q, bp, &accts_[s].wallet); !ok) return ok;
    }
    return {};
  }

  /// The engine (the fund) takes q over at price `at` and sells it into the
  /// book: the trader is closed at `at`, the fund keeps the difference.
  [[nodiscard]] result<void> takeover(std::uint32_t s, quantity<N> q, price<N> at, price<N> bp) {
    account_state<N>& a = accts_[s];
    realize(a, q, at);
    if (a.wallet.value() < N{}) {  // rounding to the tick, a takeover at the mark
      const money<N> d = -a.wallet;
      if (auto ok = absorb(a, d, q, bp, &accts_[s].wallet); !ok) return ok;
    }
    const side taker = opposite(a.side);
    const result<execution<N>> ex = cfg_.impact.execute(taker, q, fundamental_);
    if (!ex) return failure{ex.error()};
    lp_ += a.side == side::long_ ? q : -q;
    update_mark();
    const money<N> fund_pnl = pnl<round::down>(position<N>{a.side, q, at, cfg_.spec}, ex->average);
    if (!(fund_pnl.value() < N{})) {
      clearing_ -= fund_pnl;
      fund_stage().shared.balance += fund_pnl;
      return {};
    }
    // the fund's loss selling the takeover: the waterfall pays it to the
    // clearing account (whatever it cannot cover is recorded as uncovered)
    return absorb(a, -fund_pnl, q, bp, &clearing_);
  }

  // --- ADL: the library's queue and execution ---------------------------------

  using ranking_type = typename Config::ranking_type;
  using adl_queue_type = adl::queue<ranking_type, N>;

  /// The ADL holders mirror the accounts (slot for slot); the queue over
  /// them stays ranked across events (adl::refresh::touched_only), pinned to
  /// the mark of each step's first ADL (venues refresh their rankings
  /// periodically, not at every trade).
  /// Built at the first ADL (a run without ADL never pays for the mirror).
  void drop_adl() {
    adl_queue_.reset();
    holders_.clear();
    adl_scratch_.clear();
    dirty_.clear();
    adl_step_ = -1;
  }
  void build_adl() {
    holders_.clear();
    holders_.reserve(accts_.size());
    for (auto& a : accts_) {
      holders_.push_back(adl::holder<N>{a.id, pos_of(a, a.size), a.wallet, money<N>{}, money<N>{}});
      a.adl_dirty = false;
    }
    adl_scratch_.assign(accts_.size(), typename adl_queue_type::entry{});
    dirty_.clear();
    adl_queue_.emplace(std::span<const adl::holder<N>>(holders_), std::span(adl_scratch_), cfg_.ranking,
                       cfg_.adl_refresh);
    adl_step_ = -1;
  }
  void mark_dirty(const account_state<N>& changed) {
    if (!adl_queue_) return;  // not built yet: built from the accounts as they are then
    const auto slot = static_cast<std::uint32_t>(&changed - accts_.data());
    account_state<N>& a = accts_[slot];
    if (a.adl_dirty) return;
    a.adl_dirty = true;
    dirty_.push_back(slot);
  }
  /// Brings the holders up to date with the accounts changed since the last
  /// ADL event; the queue rescores those on its side alone (or, past a few,
  /// rescores the side: finding one costs O(candidates)).
  [[nodiscard]] result<void> sync_adl() {
    adl_queue_type& q = *adl_queue_;
    std::size_t on_side = 0;
    if (q.ranked_now())
      for (const std::uint32_t slot : dirty_)
        if (accts_[slot].side == adl_side_) ++on_side;
    if (on_side > 8) q.invalidate();
    for (const std::uint32_t slot : dirty_) {
      account_state<N>& a = accts_[slot];
      a.adl_dirty = false;
      const adl::holder<N> before = holders_[slot];
      holders_[slot].pos.size = a.size;
      holders_[slot].wallet_balance = a.wallet;
      if (q.ranked_now() && a.side == adl_side_) {
        if (auto ok = q.update(slot, before); !ok) return ok;
        if (q.ranked_now()) ++adl_updates_;  // (not when the queue's mode made it rank again)
      }
    }
    dirty_.clear();
    return {};
  }

  /// ADL: close q of account s against the opposite side in the ranking's
  /// order with adl::execute, at the ranking's execution price (the
  /// bankruptcy price for most venues): the bankrupt account closes at the
  /// mark and the counterparties cover the difference to that price
  /// (transfers counterparty -> loss(trader), reason adl); a counterparty
  /// the close would make bankrupt is skipped. What no counterparty can take
  /// goes to the book.
  [[nodiscard]] result<void> deleverage(std::uint32_t s, quantity<N> q, price<N> bp) {
    const side bankrupt = accts_[s].side;
    const side other = opposite(bankrupt);
    if (!adl_queue_) build_adl();
    adl_queue_type& queue = *adl_queue_;
    if (adl_step_ != now_) {  // ranked once per step, at the mark of its first ADL
      adl_step_ = now_;
      queue.pin(mark_);
      queue.invalidate();
    }
    if (adl_side_ != other) {
      adl_side_ = other;
      queue.invalidate();
    }
    if (auto ok = sync_adl(); !ok) return ok;
    const adl::execution_price<N> how =
        adl::default_execution_price<ranking_type, N>(marks_.empty() ? mark_ : marks_.back());
    price<N> x = bp;
    if (how.rule == adl::price_rule::mark) x = mark_;
    if (how.rule == adl::price_rule::previous_mark) x = how.previous_mark;
    // what the counterparties cover: the difference between closing q at x
    // and at the mark, per unit as adl::execute counts it (so that the
    // quantity it needs is q); none at or beyond the mark in their favour,
    // then one unit so that q is still closed (at the mark)
    const money<N> g1 = pnl<round::down>(position<N>{other, quantity<N>{from_int<N>(1)}, x, cfg_.spec}, mark_);
    money<N> need{number_traits<N>::epsilon()};
    if (g1.value() > N{}) need = money<N>{mul<round::up>(q.value(), g1.value())};
    loss_event<N> ev{};
    ev.trader = accts_[s].id;
    ev.market = cfg_.market;
    ev.deficit = need;
    ev.time = now_;
    ev.bankrupt_side = bankrupt;
    ev.size = q;
    ev.bankruptcy = bp;
    ev.mark = mark_;
    const price<N> mark = mark_;
    for (;;) {
      ledger<N> l{std::span<transfer<N>>(ledger_storage_)};
      money<N> paid{};
      const auto rep = adl::execute(queue, std::span(holders_), ev, need, how, l,
                                    [&](std::size_t i, quantity<N> y, money<N> t) {
                                      account_state<N>& cp = accts_[i];
                                      const adl::holder<N>& h = holders_[i];
                                      // the counterparty's realised PnL at the mark, less what it paid
                                      clearing_ -= (h.wallet_balance - cp.wallet) + t;
                                      cp.wallet = h.wallet_balance;
                                      cp.size = h.pos.size;
                                      (other == side::long_ ? long_oi_ : short_oi_) -= y;
                                      cp.deleveraged = true;
                                      ++step_rec_.adl_count;
                                      step_rec_.adl_notional += notional<round::up>(pos_of(cp, y), bp);
                                      paid += t;
                                      adl_closed_.push_back(static_cast<std::uint32_t>(i));
                                    });
      if (!rep && rep.error() == errc::ledger_full) {  // nothing changed: retry with room
        ledger_storage_.resize(ledger_storage_.size() * 2);
        adl_closed_.clear();
        continue;
      }
      if (!rep) return failure{rep.error()};
      account_state<N>& a = accts_[s];
      if (rep->closed.value() > N{}) {
        realize(a, rep->closed, mark);
        a.wallet += paid;  // the counterparties' transfers to loss(trader)
      }
      for (const std::uint32_t c : adl_closed_)
        if (auto ok = resolve_and_requeue(c); !ok) return ok;
      adl_closed_.clear();
      if (rep->unfilled.value() > N{}) {
        if (auto ok = market_close(s, rep->unfilled, bp); !ok) return ok;
      }
      break;
    }
    account_state<N>& a = accts_[s];
    if (a.wallet.value() < N{}) {
      if (auto ok = absorb(a, -a.wallet, q, bp, &accts_[s].wallet); !ok) return ok;
    }
    return {};
  }

  Config cfg_;
  rules_type rules_{};
  std::vector<account_state<N>> accts_{};
  liquidation_index<N> index_{};
  std::vector<index_entry<N>> pending_[2]{};
  std::vector<std::uint32_t> deferred_{};
  std::vector<std::uint32_t> touched_{};
  std::vector<transfer<N>> ledger_storage_{};
  std::vector<step_record<N>> timeline_{};
  std::vector<price<N>> marks_{};
  std::vector<adl::holder<N>> holders_{};
  std::vector<typename adl_queue_type::entry> adl_scratch_{};
  std::optional<adl_queue_type> adl_queue_{};
  std::vector<std::uint32_t> dirty_{};
  std::size_t adl_updates_ = 0;
  std::vector<std::uint32_t> adl_closed_{};
  std::int64_t adl_step_ = -1;
  side adl_side_ = side::long_;
  step_record<N> step_rec_{};
  price<N> fundamental_{};
  price<N> mark_{};
  price<N> start_{};
  money<N> clearing_{};
  money<N> others_{};
  money<N> uncovered_{};
  money<N> socialized_{};
  money<N> fund_start_{};
  money<N> fund_low_{};
  money<N> initial_total_{};
  quantity<N> long_oi_{};
  quantity<N> short_oi_{};
  quantity<N> lp_{};
  std::int64_t now_ = 0;
  std::int64_t halted_until_ = 0;
  std::int64_t first_adl_ = -1;
  std::int64_t fund_exhausted_ = -1;
  std::size_t orders_this_step_ = 0;
  money<N> notional_this_step_{};
  bool loaded_ = false;
  bool rescan_ = false;
};

/// A whole run: the timeline, the summary, and the error that stopped it
/// (errc{} when it ran to the end).
template <Number N>
struct outcome {
  errc error{};
  std::size_t failed_step = 0;
  std::vector<step_record<N>> timeline{};
  summary<N> metrics{};
  [[nodiscard]] bool ok() const noexcept { return error == errc{}; }
};

/// Runs `cfg` over `accounts` along `path`, calling progress(step, steps)
/// after each step (pass [](std::size_t, std::size_t) {} for none).
template <class Config, class Progress>
[[nodiscard]] outcome<typename Config::number_type> simulate(
    Config cfg, std::span<const account_record<typename Config::number_type>> accounts,
    std::span<const price<typename Config::number_type>> path, Progress&& progress) {
  outcome<typename Config::number_type> out{};
  engine<Config> e(std::move(cfg));
  if (auto ok = e.load(accounts); !ok) {
    out.error = ok.error();
    return out;
  }
  for (std::size_t t = 0; t < path.size(); ++t) {
    if (auto ok = e.step(path[t]); !ok) {
      out.error = ok.error();
      out.failed_step = t;
      break;
    }
    progress(t + 1, path.size());
  }
  out.timeline = e.timeline();
  out.metrics = e.summarize();
  return out;
}

}  // namespace solvency::inline v1::sim

#endif  // SOLVENCY_SIM_ENGINE_HPP
