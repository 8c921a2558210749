// Tests for solvency/waterfall/socialized.hpp: the pro-rata gains haircut
// (Vega), the funding-index charge (Drift, Mango) and the equity haircut
// (Percolator): amounts, dust to the named party, state, bad input.
#include <solvency/waterfall/socialized.hpp>

#include "check.hpp"

#include <array>

using namespace solvency;
using namespace solvency::literals;
using namespace solvency::waterfall;

namespace {

constexpr loss_event<dec> ev{.trader = 4, .market = 2};
constexpr dec one = 1.0_dec;
constexpr dec three = 3.0_dec;
constexpr dec third_up = 0.33333334_dec;
constexpr dec two_thirds_up = 0.66666667_dec;
constexpr dec two_thirds_rest = 0.66666666_dec;
constexpr dec ulp = 0.00000001_dec;
constexpr dec charged_three_thirds = 1.00000002_dec;
constexpr dec two_ulps = 0.00000002_dec;

constexpr bool gains_haircut() {
  // gains 1 and 2, loss 1: haircuts ceil(1/3) = 0.33333334 and ceil(2/3) =
  // 0.66666667 add to 1.00000001; winner 2 sends 0.66666666 to the loss and
  // 0.00000001 to the dust party
  std::array<stake<dec>, 2> w{{{10, money{one}}, {11, money{one + one}}}};
  pro_rata_gains_haircut<dec> h{.winners = w, .dust_to = party::dust(5)};
  ledger_buffer<dec, 8> buf;
  auto r = h.absorb(ev, money{one}, buf.ledger());
  const auto e = buf.ledger().entries();
  return r && *r == money{one} && e.size() == 3 &&
         e[0] == transfer<dec>{party::counterparty(10), party::loss(4), money{third_up}, transfer_reason::socialized_loss} &&
         e[1] == transfer<dec>{party::counterparty(11), party::loss(4), money{two_thirds_rest}, transfer_reason::socialized_loss} &&
         e[2] == transfer<dec>{party::counterparty(11), party::dust(5), money{ulp}, transfer_reason::rounding_dust} &&
         w[0].amount == money{one - third_up} && w[1].amount == money{one + one - two_thirds_up};
}

constexpr bool equity_cut() {
  std::array<stake<dec>, 2> a{{{1, money{dec::from_int(50)}}, {2, money{dec::from_int(150)}}}};
  equity_haircut<dec> h{.accounts = a};
  ledger_buffer<dec, 8> buf;
  auto r = h.absorb(ev, money{dec::from_int(20)}, buf.ledger());  // 10%: 5 and 15
  return r && *r == money{dec::from_int(20)} && a[0].amount == money{dec::from_int(45)} &&
         a[1].amount == money{dec::from_int(135)} && buf.ledger().paid_by(party::counterparty(2)) == money{dec::from_int(15)};
}

constexpr bool index_charge() {
  // open interest 3, loss 1: step ceil(1/3) = 0.33333334 per unit, charged
  // 3 x 0.33333334 = 1.00000002: 1 to the loss, 0.00000002 to the dust party
  std::array<market_index<dec>, 2> mk{{{.market = 1, .open_interest = quantity{three}},
                                       {.market = 2, .open_interest = quantity{three}}}};
  funding_index_charge<dec> s{.markets = mk, .dust_to = party::dust(5)};
  ledger_buffer<dec, 8> buf;
  auto r = s.absorb(ev, money{one}, buf.ledger());
  auto r2 = s.absorb(ev, money{one}, buf.ledger());  // the index accumulates
  const auto e = buf.ledger().entries();
  return r && *r == money{one} && r2 && e.size() == 4 &&
         e[0] == transfer<dec>{party::open_interest(2), party::loss(4), money{one}, transfer_reason::socialized_loss} &&
         e[1] == transfer<dec>{party::open_interest(2), party::dust(5), money{two_ulps}, transfer_reason::rounding_dust} &&
         mk[1].cumulative == price_delta{third_up + third_up} && mk[1].charged == money{charged_three_thirds + charged_three_thirds} &&
         mk[0].cumulative == price_delta<dec>{};
}

constexpr bool index_nothing_to_charge() {
  std::array<market_index<dec>, 1> mk{{{.market = 2}}};  // no open interest
  funding_index_charge<dec> s{.markets = mk};
  funding_index_charge<dec> none{};                       // market not listed
  ledger_buffer<dec, 8> buf;
  auto r = s.absorb(ev, money{one}, buf.ledger());
  auto r2 = none.absorb(ev, money{one}, buf.ledger());
  return r && *r == money<dec>{} && r2 && *r2 == money<dec>{} && buf.ledger().empty();
}

}  // namespace

TEST_CASE("pro-rata gains haircut (Vega)") { SOLVENCY_CHECK_CONSTEXPR(gains_haircut()); }
TEST_CASE("equity haircut") { SOLVENCY_CHECK_CONSTEXPR(equity_cut()); }
TEST_CASE("funding-index charge (Drift, Mango)") {
  SOLVENCY_CHECK_CONSTEXPR(index_charge());
  SOLVENCY_CHECK_CONSTEXPR(index_nothing_to_charge());
  std::array<market_index<double>, 1> mk{{{.market = 2, .open_interest = quantity{4.0}}}};
  funding_index_charge<double> s{.markets = mk};
  ledger_buffer<double, 4> buf;
  auto r = s.absorb(loss_event<double>{.trader = 4, .market = 2}, money{10.0}, buf.ledger());
  REQUIRE(r);
  CHECK(*r == money{10.0});
  CHECK(mk[0].cumulative == price_delta{2.5});
}

TEST_CASE("bad input: error values, nothing charged") {
  ledger_buffer<dec, 1> buf;
  auto& l = buf.ledger();
  SUBCASE("a negative gain") {
    std::array<stake<dec>, 1> w{{{1, money{-one}}}};
    pro_rata_gains_haircut<dec> h{.winners = w};
    CHECK(h.absorb(ev, money{one}, l) == failure{errc::negative_amount});
  }
  SUBCASE("a negative equity") {
    std::array<stake<dec>, 1> w{{{1, money{-one}}}};
    equity_haircut<dec> h{.accounts = w};
    CHECK(h.absorb(ev, money{one}, l) == failure{errc::negative_amount});
  }
  SUBCASE("negative open interest") {
    std::array<market_index<dec>, 1> mk{{{.market = 2, .open_interest = quantity{-one}}}};
    funding_index_charge<dec> s{.markets = mk};
    CHECK(s.absorb(ev, money{one}, l) == failure{errc::negative_amount});
  }
  SUBCASE("a negative outstanding") {
    funding_index_charge<dec> s{};
    CHECK(s.absorb(ev, money{-one}, l) == failure{errc::negative_amount});
  }
  SUBCASE("an index that would overflow") {
    std::array<market_index<dec>, 1> mk{{{.market = 2, .open_interest = quantity{one}, .cumulative = price_delta{dec::max()}}}};
    funding_index_charge<dec> s{.markets = mk};
    CHECK(s.absorb(ev, money{one}, l) == failure{errc::overflow});
    CHECK(mk[0].cumulative == price_delta{dec::max()});
    CHECK(l.empty());
  }
  SUBCASE("a tiny open interest: the step overflows") {
    std::array<market_index<dec>, 1> mk{{{.market = 2, .open_interest = quantity{dec::epsilon()}}}};
    funding_index_charge<dec> s{.markets = mk};
    CHECK(s.absorb(ev, money{dec::from_int(1'000'000'000)}, l) == failure{errc::overflow});
  }
  SUBCASE("a full ledger: dust entry refused, loss entry undone") {
    std::array<market_index<dec>, 1> mk{{{.market = 2, .open_interest = quantity{three}}}};
    funding_index_charge<dec> s{.markets = mk};
    CHECK(s.absorb(ev, money{one}, l) == failure{errc::ledger_full});
    CHECK(l.empty());
    CHECK(mk[0].cumulative == price_delta<dec>{});
  }
}
