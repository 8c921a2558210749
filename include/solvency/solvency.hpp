// solvency/solvency.hpp: every public header of the library.
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
#include <solvency/liquidation/price.hpp>

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
#include <solvency/venues/rulebook.hpp>

#endif  // SOLVENCY_SOLVENCY_HPP
