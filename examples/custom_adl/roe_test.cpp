// examples/custom_adl/roe_test.cpp: testing a venue's own ADL policy with
// solvency's conformance kit, inside the venue's own doctest suite.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <solvency/adl/combinators.hpp>
#include <solvency/adl/rankings.hpp>
#include <solvency/adl/stage.hpp>
#include <solvency/testing/adl.hpp>

#include "roe_ranking.hpp"

#include <string>
#include <vector>

using namespace solvency;
using namespace solvency::literals;

TEST_CASE("roe_ranking passes every check of the kit") {
  // determinism, input-order independence, total order, declared
  // monotonicity, conservation of money and quantity in execution
  const auto d = testing::check_all(venue::roe_ranking{}, 2024);
  CHECK_MESSAGE(d.ok, d.message);
  const auto dd = testing::check_all<venue::roe_ranking, double>(venue::roe_ranking{}, 7);
  CHECK_MESSAGE(dd.ok, dd.message);
}

TEST_CASE("the kit catches the broken policy and names a holder") {
  const auto d = testing::check_all(venue::broken_roe_ranking{}, 2024);
  CHECK_FALSE(d.ok);
  CHECK(d.message.find("monotonicity") != std::string::npos);
  CHECK(d.message.find("holder #") != std::string::npos);
  MESSAGE("the kit says: " << d.message);
}

TEST_CASE("roe_ranking in the waterfall's ADL stage, and composed in one line") {
  // a bankrupt long of 4 @ bankruptcy 100, mark 96: 16 to cover
  std::vector<adl::holder<dec>> book{
      {1, position<dec>{side::short_, quantity{3.0_dec}, price{110.0_dec}, {}}, money{100.0_dec}, {}, {}},  // ROE 0.42
      {2, position<dec>{side::short_, quantity{3.0_dec}, price{105.0_dec}, {}}, money{20.0_dec}, {}, {}}};  // ROE 1.35
  std::vector<adl::stage<venue::roe_ranking, dec>::entry> scratch(book.size());
  adl::stage<venue::roe_ranking, dec> stage{book, scratch};
  ledger_buffer<dec, 8> lb;
  const loss_event<dec> ev{9, 1, money{16.0_dec}, 0, side::long_, quantity{4.0_dec}, price{100.0_dec}, price{96.0_dec}};
  const auto covered = stage.absorb(ev, money{16.0_dec}, lb.ledger());
  REQUIRE(covered);
  CHECK(*covered == money{16.0_dec});
  CHECK(lb.ledger().paid_by(party::counterparty(2)) == money{12.0_dec});  // highest ROE first: 3 x 4
  CHECK(lb.ledger().paid_by(party::counterparty(1)) == money{4.0_dec});   // then 1 x 4
  // a custom rule made of shipped ones: ROE, then position size
  using roe_then_size = adl::hierarchy<venue::roe_ranking, adl::largest_position>;
  const auto d = testing::check_all(roe_then_size{}, 11);
  CHECK_MESSAGE(d.ok, d.message);
}
