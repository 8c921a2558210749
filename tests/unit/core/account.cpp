// Tests for solvency/core/account.hpp.
#include <solvency/core/account.hpp>

#include "check.hpp"

#include <array>

using namespace solvency;
using namespace solvency::literals;

namespace {
constexpr std::array<position<dec>, 2> positions{{
    {side::long_, quantity{2.0_dec}, price{100.0_dec}, linear_contract(1.0_dec)},
    {side::short_, quantity{1.0_dec}, price{50.0_dec}, linear_contract(1.0_dec)},
}};
constexpr std::array<price<dec>, 2> marks{price{105.0_dec}, price{52.5_dec}};
constexpr account_view<dec> acct{7, money{1000.0_dec}, positions};
}  // namespace

TEST_CASE("unrealized PnL and equity over a view") {
  SOLVENCY_CHECK_CONSTEXPR(unrealized_pnl<round::down>(acct, std::span{marks}).value() == money{7.5_dec});
  SOLVENCY_CHECK_CONSTEXPR(equity<round::down>(acct, std::span{marks}).value() == money{1007.5_dec});
  constexpr account_view<dec> empty{1, money{5.0_dec}, {}};
  SOLVENCY_CHECK_CONSTEXPR(equity<round::down>(empty, std::span<const price<dec>>{}).value() == money{5.0_dec});
}

TEST_CASE("bad input gives errors") {
  const std::array<price<dec>, 1> one{price{1.0_dec}};
  CHECK(equity<round::down>(acct, std::span{one}).error() == errc::size_mismatch);
  const std::array<price<dec>, 2> zero{price{0.0_dec}, price{1.0_dec}};
  CHECK(equity<round::down>(acct, std::span{zero}).error() == errc::non_positive_price);
  std::array<position<dec>, 2> bad = positions;
  bad[1].size = quantity{0.0_dec};
  const account_view<dec> acct_bad{7, money{1.0_dec}, bad};
  CHECK(equity<round::down>(acct_bad, std::span{marks}).error() == errc::non_positive_quantity);
  const account_view<dec> rich{7, money{dec::max()}, positions};
  CHECK(equity<round::down>(rich, std::span{marks}).error() == errc::overflow);
}
