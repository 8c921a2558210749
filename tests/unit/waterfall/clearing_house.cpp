// Tests for solvency/waterfall/clearing_house.hpp: default fund and
// assessments charged pro rata, rounding dust to the named party (checked
// transfer by transfer), exhaustion, and bad input case by case.
#include <solvency/waterfall/clearing_house.hpp>

#include "check.hpp"

#include <array>

using namespace solvency;
using namespace solvency::literals;
using namespace solvency::waterfall;

namespace {

constexpr loss_event<dec> ev{.trader = 9, .market = 1};
constexpr dec one = 1.0_dec;
constexpr dec third_up = 0.33333334_dec;
constexpr dec third_rest = 0.33333332_dec;
constexpr dec two_ulps = 0.00000002_dec;

constexpr bool exact_split() {
  std::array<stake<dec>, 3> m{{{1, money{dec::from_int(100)}}, {2, money{dec::from_int(200)}}, {3, money{dec::from_int(700)}}}};
  default_fund<dec> f{.members = m, .dust_to = party::clearing_house(0)};
  ledger_buffer<dec, 8> buf;
  auto r = f.absorb(ev, money{dec::from_int(500)}, buf.ledger());
  const auto e = buf.ledger().entries();
  // 500 x 100/1000 = 50, 500 x 200/1000 = 100, 500 x 700/1000 = 350: no dust
  return r && *r == money{dec::from_int(500)} && e.size() == 3 &&
         e[0] == transfer<dec>{party::member(1), party::loss(9), money{dec::from_int(50)}, transfer_reason::default_fund} &&
         e[1] == transfer<dec>{party::member(2), party::loss(9), money{dec::from_int(100)}, transfer_reason::default_fund} &&
         e[2] == transfer<dec>{party::member(3), party::loss(9), money{dec::from_int(350)}, transfer_reason::default_fund} &&
         m[0].amount == money{dec::from_int(50)} && m[1].amount == money{dec::from_int(100)} &&
         m[2].amount == money{dec::from_int(350)};
}

constexpr bool dust_split() {
  // three equal members, a loss of 1: each share ceil(1/3) = 0.33333334; the
  // three add to 1.00000002, so the last member sends 0.33333332 to the loss
  // and 0.00000002 to the dust party
  std::array<stake<dec>, 3> m{{{1, money{one}}, {2, money{one}}, {3, money{one}}}};
  assessments<dec> a{.members = m, .dust_to = party::clearing_house(0)};
  ledger_buffer<dec, 8> buf;
  auto r = a.absorb(ev, money{one}, buf.ledger());
  const auto e = buf.ledger().entries();
  return r && *r == money{one} && e.size() == 4 &&
         e[0] == transfer<dec>{party::member(1), party::loss(9), money{third_up}, transfer_reason::assessment} &&
         e[1] == transfer<dec>{party::member(2), party::loss(9), money{third_up}, transfer_reason::assessment} &&
         e[2] == transfer<dec>{party::member(3), party::loss(9), money{third_rest}, transfer_reason::assessment} &&
         e[3] == transfer<dec>{party::member(3), party::clearing_house(0), money{two_ulps}, transfer_reason::rounding_dust} &&
         m[2].amount == money{one - third_up};
}

constexpr bool exhausted() {
  std::array<stake<dec>, 2> m{{{1, money{dec::from_int(100)}}, {2, money{dec::from_int(300)}}}};
  default_fund<dec> f{.members = m};
  ledger_buffer<dec, 8> buf;
  auto r = f.absorb(ev, money{dec::from_int(1000)}, buf.ledger());
  auto again = f.absorb(ev, money{dec::from_int(600)}, buf.ledger());
  return r && *r == money{dec::from_int(400)} && m[0].amount == money<dec>{} && m[1].amount == money<dec>{} &&
         again && *again == money<dec>{} && buf.ledger().size() == 2 && f.total() && *f.total() == money<dec>{};
}

}  // namespace

TEST_CASE("default fund: pro rata to contributions") {
  SOLVENCY_CHECK_CONSTEXPR(exact_split());
  SOLVENCY_CHECK_CONSTEXPR(exhausted());
}

TEST_CASE("assessments: rounding dust to the named party") { SOLVENCY_CHECK_CONSTEXPR(dust_split()); }

TEST_CASE("double: shares and a remainder never negative") {
  std::array<stake<double>, 3> m{{{1, money{1.0}}, {2, money{1.0}}, {3, money{1.0}}}};
  default_fund<double> f{.members = m};
  ledger_buffer<double, 8> buf;
  auto r = f.absorb(loss_event<double>{.trader = 9}, money{1.0}, buf.ledger());
  REQUIRE(r);
  CHECK(r->value() <= 1.0);
  CHECK(r->value() == doctest::Approx(1.0));
  CHECK(buf.ledger().paid_to(party::loss(9)) == *r);
}

TEST_CASE("bad input: error values, nothing charged") {
  ledger_buffer<dec, 1> buf;
  auto& l = buf.ledger();
  SUBCASE("a negative contribution") {
    std::array<stake<dec>, 2> m{{{1, money{one}}, {2, money{-one}}}};
    default_fund<dec> f{.members = m};
    CHECK(f.absorb(ev, money{one}, l) == failure{errc::negative_amount});
    CHECK(f.total() == failure{errc::negative_amount});
    CHECK(m[0].amount == money{one});
  }
  SUBCASE("contributions whose sum overflows") {
    std::array<stake<dec>, 2> m{{{1, money{dec::max()}}, {2, money{dec::max()}}}};
    assessments<dec> a{.members = m};
    CHECK(a.absorb(ev, money{one}, l) == failure{errc::overflow});
  }
  SUBCASE("a negative outstanding") {
    std::array<stake<dec>, 1> m{{{1, money{one}}}};
    default_fund<dec> f{.members = m};
    CHECK(f.absorb(ev, money{-one}, l) == failure{errc::negative_amount});
  }
  SUBCASE("a ledger too small: everything undone") {
    std::array<stake<dec>, 2> m{{{1, money{one}}, {2, money{one}}}};
    default_fund<dec> f{.members = m};
    CHECK(f.absorb(ev, money{one}, l) == failure{errc::ledger_full});
    CHECK(l.empty());
    CHECK(m[0].amount == money{one});
    CHECK(m[1].amount == money{one});
  }
  SUBCASE("no members, or nothing outstanding: nothing to do") {
    default_fund<dec> f{};
    auto r = f.absorb(ev, money{one}, l);
    REQUIRE(r);
    CHECK(*r == money<dec>{});
  }
}
