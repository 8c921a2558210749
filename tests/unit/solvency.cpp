// Tests for solvency/solvency.hpp: the umbrella header gives the whole API,
// in the versioned inline namespace.
#include <solvency/solvency.hpp>

#include "check.hpp"

#include <type_traits>

TEST_CASE("umbrella header and versioned namespace") {
  static_assert(std::is_same_v<solvency::dec, solvency::v1::decimal<8>>);
  static_assert(std::is_same_v<solvency::position<double>, solvency::v1::position<double>>);
  using namespace solvency::literals;
  const solvency::position<solvency::dec> p{solvency::side::long_, solvency::quantity{1.0_dec},
                                            solvency::price{10.0_dec}, solvency::contract<solvency::dec>{}};
  CHECK(solvency::pnl<solvency::round::down>(p, solvency::price{12.0_dec}) == solvency::money{2.0_dec});
}

// Regression: a waterfall stage called an unqualified helper that argument-
// dependent lookup also found in the margin family (both named
// check_amount), so trader_margin did not compile beside the margin headers.
TEST_CASE("every family together: a waterfall stage beside the margin headers") {
  using namespace solvency;
  waterfall::trader_margin<dec> tm{money<dec>{dec::from_int(5)}};
  ledger_buffer<dec, 8> buf;
  loss_event<dec> ev{};
  ev.deficit = money<dec>{dec::from_int(3)};
  const auto r = tm.absorb(ev, ev.deficit, buf.ledger());
  REQUIRE(r.has_value());
  CHECK(*r == ev.deficit);
  CHECK(buf.ledger().paid_to(party::loss(0)) == ev.deficit);
}
