// solvency/venues/waterfalls.hpp: each venue's loss waterfall, as a chain of
// stages.
//
// Presets in this header (namespace solvency::venues), each an alias of a
// waterfall::chain and a make_... factory:
//
//   binance_usdm_waterfall<N>   margin -> insurance fund (BTCUSDT / ETHUSDT had
//   binance_coinm_waterfall<N>  their own funds, others shared) -> ADL, Binance
//                               ranking (venues.md 1.3, 1.4)
//   bybit_waterfall<N>          margin -> insurance fund with the contract
//                               PnL-drawdown trigger -> ADL, BitMEX-style
//                               ranking of classic Bybit (venues.md 5)
//   okx_waterfall<N>            margin -> insurance fund with the 30%-in-8-hours
//                               decline trigger -> ADL, OKX ranking; no
//                               socialisation after ADL (venues.md 6.3)
//   bitmex_waterfall<N>         margin -> insurance fund -> ADL, BitMEX
//                               ranking (venues.md 7.1, 7.2)
//   hyperliquid_waterfall<N>    margin -> ADL at the previous mark, Hyperliquid
//                               ranking; no insurance fund in the CEX sense (the
//                               liquidator vault takes positions over before a
//                               deficit arises) (venues.md 8.2, 8.3)
//   dydx_waterfall<N>           margin -> insurance fund, at most 1,000,000 per
//                               block (mainnet genesis) -> deleveraging from a
//                               seeded pseudo-random order (venues.md 10.3)
//   deribit_waterfall<N>        margin -> insurance fund -> the day's winners'
//                               gains cut pro rata; no ADL (venues.md 9.1)
//   kraken_waterfall<N, R>      margin -> liquidity pool -> unwind against
//                               counterparties; Kraken does not document the
//                               unwind order: R defaults to adl::pro_rata
//                               (venues.md 11)
//
// The ADL stage is solvency::adl::stage<Ranking, N> (adl/stage.hpp) over the
// host's holders and scratch; it needs the event's bankrupt side, size,
// bankruptcy and mark prices. Venue parameters that are published are
// defaults here (Bybit's -0.3 / 10,000 from the ADL-alert example, OKX's 30%,
// dYdX's 1,000,000 per block); balances, holders and windows are the host's.
//
//   std::array<waterfall::symbol_pnl<dec>, 3> symbols{...};
//   auto wf = venues::make_bybit_waterfall<dec>({.balance = money{1e6}}, {},
//                                               venues::bybit_published_trigger<dec>(money{1e6}, symbols),
//                                               holders, scratch);
//   wf.stage<0>().available = remaining_margin;
//   auto r = wf.absorb(event, ledger);
#ifndef SOLVENCY_VENUES_WATERFALLS_HPP
#define SOLVENCY_VENUES_WATERFALLS_HPP

#include <solvency/adl/rankings.hpp>
#include <solvency/adl/stage.hpp>
#include <solvency/config.hpp>
#include <solvency/core/ledger.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/waterfall/compose.hpp>
#include <solvency/waterfall/insurance_fund.hpp>
#include <solvency/waterfall/socialized.hpp>
#include <solvency/waterfall/stages.hpp>

#include <cstdint>
#include <span>

namespace solvency::inline v1 {
namespace venues {

template <class Ranking, Number N>
using adl_scratch = std::span<typename adl::stage<Ranking, N>::entry>;

/// The shape six presets share (Binance, Bybit, OKX, BitMEX, dYdX, Kraken):
/// the trader's margin, an insurance fund with its trigger, then ADL by a
/// ranking. A venue differs only in its template arguments and in how its
/// fund and ADL stage are configured.
template <Number N, class Ranking, class Trigger = waterfall::always_pay>
using margin_fund_adl =
    waterfall::chain<waterfall::trader_margin<N>, waterfall::insurance_fund<N, Trigger>, adl::stage<Ranking, N>>;

/// A margin_fund_adl from its configured fund and ADL stage.
template <Number N, class Ranking, class Trigger>
[[nodiscard]] constexpr margin_fund_adl<N, Ranking, Trigger> make_margin_fund_adl(
    waterfall::insurance_fund<N, Trigger> fund, adl::stage<Ranking, N> adl) noexcept {
  return margin_fund_adl<N, Ranking, Trigger>{waterfall::trader_margin<N>{}, fund, adl};
}

// --- Binance ---------------------------------------------------------------
template <Number N>
using binance_usdm_waterfall = margin_fund_adl<N, adl::binance_ranking>;
template <Number N>
using binance_coinm_waterfall = binance_usdm_waterfall<N>;

/// Binance USD-M (and COIN-M): isolated funds for the symbols that have
/// their own, the shared fund for the rest, then ADL ("counterparty
/// liquidation") at the bankruptcy price.
template <Number N>
[[nodiscard]] constexpr binance_usdm_waterfall<N> make_binance_usdm_waterfall(
    waterfall::fund_account<N> shared, std::span<waterfall::market_fund<N>> isolated, std::span<adl::holder<N>> holders,
    adl_scratch<adl::binance_ranking, N> scratch) noexcept {
  return make_margin_fund_adl(waterfall::insurance_fund<N>{.shared = shared, .isolated = isolated},
                              adl::stage<adl::binance_ranking, N>{holders, scratch});
}
template <Number N>
[[nodiscard]] constexpr binance_coinm_waterfall<N> make_binance_coinm_waterfall(
    waterfall::fund_account<N> shared, std::span<waterfall::market_fund<N>> isolated, std::span<adl::holder<N>> holders,
    adl_scratch<adl::binance_ranking, N> scratch) noexcept {
  return make_binance_usdm_waterfall<N>(shared, isolated, holders, scratch);
}

// --- Bybit -----------------------------------------------------------------
template <Number N>
using bybit_waterfall = margin_fund_adl<N, adl::bitmex_ranking, waterfall::bybit_drawdown_trigger<N>>;

/// Bybit's published ADL-alert configuration: insurancePnlRatio -0.3,
/// adlTriggerThreshold 10,000 (the V5 WebSocket example), over the host's
/// pool 8-hour maximum and symbol PnLs.
template <Number N>
[[nodiscard]] constexpr waterfall::bybit_drawdown_trigger<N> bybit_published_trigger(
    money<N> pool_max_balance_8h, std::span<waterfall::symbol_pnl<N>> symbols) noexcept {
  return {.insurance_pnl_ratio = rate<N>{div<round::toward_zero>(from_int<N>(-3), from_int<N>(10))},
          .adl_trigger_threshold = money<N>{from_int<N>(10'000)},
          .pool_max_balance_8h = pool_max_balance_8h,
          .symbols = symbols};
}

template <Number N>
[[nodiscard]] constexpr bybit_waterfall<N> make_bybit_waterfall(waterfall::fund_account<N> shared,
                                                               std::span<waterfall::market_fund<N>> isolated,
                                                               waterfall::bybit_drawdown_trigger<N> trigger,
                                                               std::span<adl::holder<N>> holders,
                                                               adl_scratch<adl::bitmex_ranking, N> scratch) noexcept {
  return make_margin_fund_adl(waterfall::insurance_fund<N, waterfall::bybit_drawdown_trigger<N>>{
                                  .shared = shared, .isolated = isolated, .trigger = trigger},
                              adl::stage<adl::bitmex_ranking, N>{holders, scratch});
}

// --- OKX -------------------------------------------------------------------
template <Number N>
using okx_waterfall = margin_fund_adl<N, adl::okx_ranking, waterfall::okx_decline_trigger<N>>;

/// OKX's current rule: ADL once the fund has fallen 30% in a straight line
/// from its peak within 8 hours (`eight_hours` in host time units).
template <Number N>
[[nodiscard]] constexpr waterfall::okx_decline_trigger<N> okx_published_trigger(std::int64_t eight_hours,
                                                                               money<N> peak,
                                                                               std::int64_t peak_time) noexcept {
  return {.decline = rate<N>{div<round::toward_zero>(from_int<N>(3), from_int<N>(10))},
          .min_decline = money<N>{},
          .window = eight_hours,
          .peak = peak,
          .peak_time = peak_time};
}

/// OKX. ADL executes at the mark in OKX's normal case, which covers no
/// money; "if the fund is nearly depleted, at the bankruptcy price": a
/// deficit that reaches this stage is that case, so the preset's ADL stage
/// executes at the bankruptcy price (stage<2>().set_execution_price to change).
template <Number N>
[[nodiscard]] constexpr okx_waterfall<N> make_okx_waterfall(waterfall::fund_account<N> fund,
                                                           std::span<waterfall::market_fund<N>> isolated,
                                                           waterfall::okx_decline_trigger<N> trigger,
                                                           std::span<adl::holder<N>> holders,
                                                           adl_scratch<adl::okx_ranking, N> scratch) noexcept {
  return make_margin_fund_adl(
      waterfall::insurance_fund<N, waterfall::okx_decline_trigger<N>>{
          .shared = fund, .isolated = isolated, .trigger = trigger},
      adl::stage<adl::okx_ranking, N>{holders, scratch, adl::okx_ranking{},
                                      adl::execution_price<N>{adl::price_rule::bankruptcy, price<N>{}, quantity<N>{}}});
}

// --- BitMEX ----------------------------------------------------------------
template <Number N>
using bitmex_waterfall = margin_fund_adl<N, adl::bitmex_ranking>;

template <Number N>
[[nodiscard]] constexpr bitmex_waterfall<N> make_bitmex_waterfall(waterfall::fund_account<N> fund,
                                                                 std::span<waterfall::market_fund<N>> isolated,
                                                                 std::span<adl::holder<N>> holders,
                                                                 adl_scratch<adl::bitmex_ranking, N> scratch) noexcept {
  return make_margin_fund_adl(waterfall::insurance_fund<N>{.shared = fund, .isolated = isolated},
                              adl::stage<adl::bitmex_ranking, N>{holders, scratch});
}

// --- Hyperliquid -----------------------------------------------------------
template <Number N>
using hyperliquid_waterfall = waterfall::chain<waterfall::trader_margin<N>, adl::stage<adl::hyperliquid_ranking, N>>;

/// Hyperliquid: ADL when an account's value goes negative, at the previous
/// mark (update it with stage<1>().set_previous_mark before each event).
template <Number N>
[[nodiscard]] constexpr hyperliquid_waterfall<N> make_hyperliquid_waterfall(
    std::span<adl::holder<N>> holders, adl_scratch<adl::hyperliquid_ranking, N> scratch,
    price<N> previous_mark) noexcept {
  return hyperliquid_waterfall<N>{
      waterfall::trader_margin<N>{},
      adl::stage<adl::hyperliquid_ranking, N>{
          holders, scratch, adl::hyperliquid_ranking{},
          adl::default_execution_price<adl::hyperliquid_ranking, N>(previous_mark)}};
}

// --- dYdX v4 ---------------------------------------------------------------
template <Number N>
using dydx_waterfall = margin_fund_adl<N, adl::dydx_random>;

/// dYdX v4: the insurance fund (isolated markets have their own) pays at
/// most `max_insurance_lost_per_block` per block (mainnet genesis:
/// 1,000,000 USDC; dYdX counts it per subaccount, this preset per fund);
/// loss_event::time is the block height. Then deleveraging against
/// opposite-side subaccounts in a seeded pseudo-random order.
template <Number N>
[[nodiscard]] constexpr dydx_waterfall<N> make_dydx_waterfall(
    waterfall::fund_account<N> fund, std::span<waterfall::market_fund<N>> isolated, std::span<adl::holder<N>> holders,
    adl_scratch<adl::dydx_random, N> scratch, std::uint64_t seed,
    money<N> max_insurance_lost_per_block = money<N>{from_int<N>(1'000'000)}) noexcept {
  return make_margin_fund_adl(waterfall::insurance_fund<N>{.shared = fund,
                                                           .isolated = isolated,
                                                           .shared_backs_isolated = false,
                                                           .window_cap = max_insurance_lost_per_block,
                                                           .window_length = 1},
                              adl::stage<adl::dydx_random, N>{holders, scratch, adl::dydx_random{seed}});
}

// --- Deribit ---------------------------------------------------------------
template <Number N>
using deribit_waterfall =
    waterfall::chain<waterfall::trader_margin<N>, waterfall::insurance_fund<N>, waterfall::pro_rata_gains_haircut<N>>;

/// Deribit: the insurance fund, then the loss socialised among the day's
/// winning traders (pro rata to their gains); no ADL.
template <Number N>
[[nodiscard]] constexpr deribit_waterfall<N> make_deribit_waterfall(waterfall::fund_account<N> fund,
                                                                   std::span<waterfall::stake<N>> winners_of_the_day,
                                                                   party dust_to = party::dust(0)) noexcept {
  return deribit_waterfall<N>{waterfall::trader_margin<N>{}, waterfall::insurance_fund<N>{.shared = fund},
                              waterfall::pro_rata_gains_haircut<N>{winners_of_the_day, dust_to}};
}

// --- Kraken ----------------------------------------------------------------
template <Number N, class Ranking = adl::pro_rata>
using kraken_waterfall = margin_fund_adl<N, Ranking>;

/// Kraken Futures: the liquidity pool (funded by the liquidation fee) covers
/// what the equity-protection process leaves, then positions are unwound
/// against counterparties (order not documented: `Ranking`).
template <Number N, class Ranking = adl::pro_rata>
[[nodiscard]] constexpr kraken_waterfall<N, Ranking> make_kraken_waterfall(
    waterfall::fund_account<N> liquidity_pool, std::span<adl::holder<N>> holders,
    adl_scratch<Ranking, N> scratch) noexcept {
  return make_margin_fund_adl(waterfall::insurance_fund<N>{.shared = liquidity_pool},
                              adl::stage<Ranking, N>{holders, scratch});
}

}  // namespace venues
}  // namespace solvency::inline v1

#endif  // SOLVENCY_VENUES_WATERFALLS_HPP
