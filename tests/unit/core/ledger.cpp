// Tests for solvency/core/ledger.hpp: parties and reasons, recording
// (accepted, zero, refused), the sums, truncate/clear, and bad input
// (negative amounts, error values, a full ledger), at compile time and at
// run time, for dec and double.
#include <solvency/core/ledger.hpp>

#include "check.hpp"

#include <array>
#include <limits>
#include <span>

using namespace solvency;
using namespace solvency::literals;

namespace {

constexpr dec d10 = 10.0_dec;
constexpr dec d25 = 25.5_dec;
constexpr dec d4 = 4.0_dec;

constexpr bool sums_hold() {
  ledger_buffer<dec, 8> buf;
  auto& l = buf.ledger();
  if (!l.record({party::insurance_fund(1), party::loss(7), money{d10}, transfer_reason::fund_draw})) return false;
  if (!l.record({party::trader(7), party::loss(7), money{d25}, transfer_reason::margin})) return false;
  if (!l.record({party::loss(7), party::dust(0), money{d4}, transfer_reason::rounding_dust})) return false;
  return l.size() == 3 && l.paid_to(party::loss(7)) == money{35.5_dec} &&
         l.paid_by(party::loss(7)) == money{d4} && l.net(party::loss(7)) == money{31.5_dec} &&
         l.net(party::insurance_fund(1)) == money{-d10} && l.paid_to(party_kind::loss) == money{35.5_dec} &&
         l.paid_by(party_kind::trader) == money{d25} && l.total(transfer_reason::fund_draw) == money{d10} &&
         l.total(transfer_reason::adl) == money<dec>{};
}

constexpr bool nets_sum_to_zero() {
  ledger_buffer<dec, 4> buf;
  auto& l = buf.ledger();
  (void)l.record({party::member(1), party::loss(2), money{d10}, transfer_reason::default_fund});
  (void)l.record({party::member(3), party::dust(0), money{d4}, transfer_reason::rounding_dust});
  return (l.net(party::member(1)) + l.net(party::member(3)) + l.net(party::loss(2)) + l.net(party::dust(0))) ==
         money<dec>{};
}

}  // namespace

TEST_CASE("names of party kinds and reasons") {
  SOLVENCY_CHECK_CONSTEXPR(name(party_kind::insurance_fund) == "insurance_fund");
  SOLVENCY_CHECK_CONSTEXPR(name(party_kind::liquidator) == "liquidator");
  SOLVENCY_CHECK_CONSTEXPR(name(party_kind::dust) == "dust");
  SOLVENCY_CHECK_CONSTEXPR(name(transfer_reason::fund_draw) == "fund_draw");
  SOLVENCY_CHECK_CONSTEXPR(name(transfer_reason::takeover) == "takeover");
  SOLVENCY_CHECK_CONSTEXPR(name(transfer_reason::rounding_dust) == "rounding_dust");
  CHECK(name(static_cast<party_kind>(200)) == "invalid");
  CHECK(name(static_cast<transfer_reason>(200)) == "invalid");
}

TEST_CASE("parties compare by kind and id") {
  SOLVENCY_CHECK_CONSTEXPR(party::trader(1) == party{party_kind::trader, 1});
  SOLVENCY_CHECK_CONSTEXPR(!(party::trader(1) == party::counterparty(1)));
  SOLVENCY_CHECK_CONSTEXPR(!(party::fee_pool(1) == party::fee_pool(2)));
  SOLVENCY_CHECK_CONSTEXPR(party::default_fund(3).kind == party_kind::default_fund);
  SOLVENCY_CHECK_CONSTEXPR(party::clearing_house(4).id == 4);
  SOLVENCY_CHECK_CONSTEXPR(party::open_interest(5).kind == party_kind::open_interest);
  SOLVENCY_CHECK_CONSTEXPR(party::liquidator(6).kind == party_kind::liquidator);
}

TEST_CASE("sums, nets and totals") {
  SOLVENCY_CHECK_CONSTEXPR(sums_hold());
  SOLVENCY_CHECK_CONSTEXPR(nets_sum_to_zero());
}

TEST_CASE("entries keep order; zero is accepted and not stored; truncate and clear") {
  std::array<transfer<dec>, 3> storage{};
  ledger<dec> l{storage};
  CHECK(l.capacity() == 3);
  CHECK(l.empty());
  CHECK(l.record({party::trader(1), party::loss(1), money<dec>{}, transfer_reason::margin}));
  CHECK(l.empty());
  const transfer<dec> a{party::trader(1), party::loss(1), money{d10}, transfer_reason::margin};
  const transfer<dec> b{party::insurance_fund(0), party::loss(1), money{d4}, transfer_reason::fund_draw};
  CHECK(l.record(a));
  CHECK(l.record(b));
  REQUIRE(l.size() == 2);
  CHECK(l.entries()[0] == a);
  CHECK(l.entries()[1] == b);
  l.truncate(5);  // beyond the size: nothing happens
  CHECK(l.size() == 2);
  l.truncate(1);
  CHECK(l.size() == 1);
  CHECK(l.entries()[0] == a);
  l.clear();
  CHECK(l.empty());
  CHECK(l.paid_to(party::loss(1)) == money<dec>{});
}

TEST_CASE("bad input: each refusal records nothing") {
  ledger_buffer<dec, 2> buf;
  auto& l = buf.ledger();
  SUBCASE("negative amount") {
    CHECK(l.record({party::trader(1), party::loss(1), money{-d10}, transfer_reason::margin}) ==
          failure{errc::negative_amount});
    CHECK(l.empty());
  }
  SUBCASE("an overflowed amount carries its own error") {
    const dec big = dec::max() + dec::max();
    CHECK(l.record({party::trader(1), party::loss(1), money{big}, transfer_reason::margin}) ==
          failure{errc::overflow});
    CHECK(l.empty());
  }
  SUBCASE("full") {
    CHECK(l.record({party::trader(1), party::loss(1), money{d10}, transfer_reason::margin}));
    CHECK(l.record({party::trader(1), party::loss(1), money{d10}, transfer_reason::margin}));
    CHECK(l.record({party::trader(1), party::loss(1), money{d10}, transfer_reason::margin}) ==
          failure{errc::ledger_full});
    CHECK(l.size() == 2);
    // zero still accepted when full (nothing to store)
    CHECK(l.record({party::trader(1), party::loss(1), money<dec>{}, transfer_reason::margin}));
  }
  SUBCASE("a default ledger has no room") {
    ledger<dec> none;
    CHECK(none.record({party::trader(1), party::loss(1), money{d10}, transfer_reason::margin}) ==
          failure{errc::ledger_full});
  }
}

TEST_CASE("double: NaN and infinity refused with their own codes") {
  ledger_buffer<double, 2> buf;
  auto& l = buf.ledger();
  CHECK(l.record({party::trader(1), party::loss(1), money{std::numeric_limits<double>::quiet_NaN()},
                  transfer_reason::margin}) == failure{errc::not_a_number});
  CHECK(l.record({party::trader(1), party::loss(1), money{std::numeric_limits<double>::infinity()},
                  transfer_reason::margin}) == failure{errc::infinite});
  CHECK(l.record({party::trader(1), party::loss(1), money{-1.0}, transfer_reason::margin}) ==
        failure{errc::negative_amount});
  CHECK(l.record({party::trader(1), party::loss(1), money{2.5}, transfer_reason::margin}));
  CHECK(l.paid_to(party::loss(1)) == money{2.5});
}
