// solvency/solvency.hpp: every public header of the library but the testing kit.
#ifndef SOLVENCY_SOLVENCY_HPP
#define SOLVENCY_SOLVENCY_HPP

#include <solvency/config.hpp>
#include <solvency/version.hpp>

#include <solvency/numeric/decimal.hpp>
#include <solvency/numeric/errc.hpp>
#include <solvency/numeric/io.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>
#include <solvency/numeric/rounding.hpp>

#include <solvency/core/account.hpp>
#include <solvency/core/contract.hpp>
#include <solvency/core/ledger.hpp>
#include <solvency/core/position.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/core/side.hpp>

#include <solvency/margin/collateral.hpp>
#include <solvency/margin/concepts.hpp>
#include <solvency/margin/models.hpp>
#include <solvency/margin/modes.hpp>
#include <solvency/margin/requirements.hpp>
#include <solvency/margin/tier_table.hpp>

#include <solvency/liquidation/concepts.hpp>
#include <solvency/liquidation/cross.hpp>
#include <solvency/liquidation/plan.hpp>
#include <solvency/liquidation/price.hpp>
#include <solvency/liquidation/settlement.hpp>
#include <solvency/liquidation/trigger.hpp>

#include <solvency/waterfall/clearing_house.hpp>
#include <solvency/waterfall/compose.hpp>
#include <solvency/waterfall/concepts.hpp>
#include <solvency/waterfall/insurance_fund.hpp>
#include <solvency/waterfall/presets.hpp>
#include <solvency/waterfall/socialized.hpp>
#include <solvency/waterfall/stages.hpp>

#include <solvency/adl/combinators.hpp>
#include <solvency/adl/concepts.hpp>
#include <solvency/adl/execution.hpp>
#include <solvency/adl/indicator.hpp>
#include <solvency/adl/queue.hpp>
#include <solvency/adl/rankings.hpp>
#include <solvency/adl/stage.hpp>

#include <solvency/venues/binance_coinm.hpp>
#include <solvency/venues/binance_usdm.hpp>
#include <solvency/venues/bitmex.hpp>
#include <solvency/venues/bybit_inverse.hpp>
#include <solvency/venues/bybit_linear.hpp>
#include <solvency/venues/deribit.hpp>
#include <solvency/venues/dydx.hpp>
#include <solvency/venues/hyperliquid.hpp>
#include <solvency/venues/kraken.hpp>
#include <solvency/venues/okx.hpp>
#include <solvency/venues/processes.hpp>
#include <solvency/venues/rulebook.hpp>
#include <solvency/venues/waterfalls.hpp>

#include <solvency/sim/engine.hpp>
#include <solvency/sim/impact.hpp>
#include <solvency/sim/index.hpp>
#include <solvency/sim/population.hpp>
#include <solvency/sim/search.hpp>

// The ADL conformance kit (solvency/testing/adl.hpp) is for test suites and
// is not included here.

#endif  // SOLVENCY_SOLVENCY_HPP
