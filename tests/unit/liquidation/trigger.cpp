// Tests for solvency/liquidation/trigger.hpp: the strict and the inclusive
// trigger at their boundary, OKX's worked example (OKX-1), Hyperliquid's 2/3
// backstop, isolated and cross assessment, generated statuses, bad input.
#include <solvency/liquidation/trigger.hpp>
#include <solvency/margin/models.hpp>

#include "check.hpp"

#include <array>
#include <limits>
#include <span>

using namespace solvency;
using namespace solvency::literals;

namespace {

constexpr margin_status<dec> status(dec equity, dec mm) {
  margin_status<dec> s;
  s.balance = money{equity};
  s.equity = money{equity};
  s.maintenance = money{mm};
  return s;
}

constexpr liquidation_action act(const result<liquidation_decision<dec>>& d) { return d.value().action; }

// OKX-1 (venues.md 6.4): 1 BTC long @ 10,000, fixed margin 1,000 USDT, tier
// MMR 1.5% plus liquidation fee 0.075%, the price falls to 9,010.
constexpr isolated_position<dec> okx1{{side::long_, quantity{1.0_dec}, price{10000.0_dec}, linear_contract(1.0_dec)},
                                      money{1000.0_dec}};
constexpr flat_margin<dec> okx_tier{rate{0.05_dec}, rate{0.015_dec}};
constexpr margin_convention<dec> okx_conv{measure_at::mark, close_fee::on_value_at_price, rate{0.00075_dec}};

}  // namespace

TEST_CASE("the strict trigger liquidates below maintenance, not at it") {
  SOLVENCY_CHECK_CONSTEXPR(act(equity_below_maintenance{}.decide(status(100.0_dec, 100.0_dec))) ==
                           liquidation_action::healthy);
  SOLVENCY_CHECK_CONSTEXPR(act(equity_below_maintenance{}.decide(status(99.99999999_dec, 100.0_dec))) ==
                           liquidation_action::liquidate);
  SOLVENCY_CHECK_CONSTEXPR(act(equity_below_maintenance{}.decide(status(-5.0_dec, 0.0_dec))) ==
                           liquidation_action::liquidate);
  SOLVENCY_CHECK_CONSTEXPR(act(equity_below_maintenance{}.decide(status(0.0_dec, 0.0_dec))) ==
                           liquidation_action::healthy);
}

TEST_CASE("the margin-ratio trigger liquidates at 100%") {
  SOLVENCY_CHECK_CONSTEXPR(act(margin_ratio_reaches_one{}.decide(status(100.0_dec, 100.0_dec))) ==
                           liquidation_action::liquidate);
  SOLVENCY_CHECK_CONSTEXPR(act(margin_ratio_reaches_one{}.decide(status(100.00000001_dec, 100.0_dec))) ==
                           liquidation_action::healthy);
  constexpr auto d = margin_ratio_reaches_one{}.decide(status(100.0_dec, 100.0_dec));
  SOLVENCY_CHECK_CONSTEXPR(d->ratio_finite && d->ratio == rate{1.0_dec});
  // equity <= 0: no finite ratio, always liquidated
  constexpr auto z = margin_ratio_reaches_one{}.decide(status(0.0_dec, 0.0_dec));
  SOLVENCY_CHECK_CONSTEXPR(!z->ratio_finite && z->action == liquidation_action::liquidate);
  // the ratio rounds up: 1 / 3 -> 0.33333334
  constexpr auto t = margin_ratio_reaches_one{}.decide(status(3.0_dec, 1.0_dec));
  SOLVENCY_CHECK_CONSTEXPR(t->ratio == rate{0.33333334_dec} && t->excess() == money{2.0_dec});
}

TEST_CASE("OKX-1: the 9,010 price triggers liquidation") {
  constexpr auto d = assess_isolated(margin_ratio_reaches_one{}, okx_tier, okx1, price{9010.0_dec}, okx_conv);
  // equity 1,000 - 990 = 10; MM 9,010 x (1.5% + 0.075%) = 141.9075
  SOLVENCY_CHECK_CONSTEXPR(d->equity == money{10.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(d->maintenance == money{141.9075_dec});
  SOLVENCY_CHECK_CONSTEXPR(d->action == liquidation_action::liquidate);
  // OKX's own ratio, equity / (MM + fee) = 10 / 141.9075 = 0.0705 < 1; venues.md
  // prints 10 / 9,010 = 0.11% < 1.575% (the same comparison, per unit of value)
  SOLVENCY_CHECK_CONSTEXPR(d->ratio == rate{14.19075_dec});
  // at 9,200 the position is healthy: equity 200 > 9,200 x 1.575% = 144.9
  constexpr auto h = assess_isolated(margin_ratio_reaches_one{}, okx_tier, okx1, price{9200.0_dec}, okx_conv);
  SOLVENCY_CHECK_CONSTEXPR(h->action == liquidation_action::healthy && h->maintenance == money{144.9_dec});
}

TEST_CASE("Hyperliquid: backstop when equity < 2/3 of maintenance") {
  constexpr hyperliquid_trigger hl{};
  SOLVENCY_CHECK_CONSTEXPR(act(hl.decide(status(300.0_dec, 300.0_dec))) == liquidation_action::healthy);
  SOLVENCY_CHECK_CONSTEXPR(act(hl.decide(status(299.0_dec, 300.0_dec))) == liquidation_action::liquidate);
  // exactly 2/3: still a book liquidation (the rule is strict)
  SOLVENCY_CHECK_CONSTEXPR(act(hl.decide(status(200.0_dec, 300.0_dec))) == liquidation_action::liquidate);
  SOLVENCY_CHECK_CONSTEXPR(act(hl.decide(status(199.99999999_dec, 300.0_dec))) == liquidation_action::backstop);
  SOLVENCY_CHECK_CONSTEXPR(act(hl.decide(status(-1.0_dec, 300.0_dec))) == liquidation_action::backstop);
  // 2/3 of an MM that is not a multiple of 3 is compared exactly: 3e < 2 x 100
  SOLVENCY_CHECK_CONSTEXPR(act(hl.decide(status(66.66666666_dec, 100.0_dec))) == liquidation_action::backstop);
  SOLVENCY_CHECK_CONSTEXPR(act(hl.decide(status(66.66666667_dec, 100.0_dec))) == liquidation_action::liquidate);
  // the same with double
  CHECK(hl.decide(margin_status<double>{money{200.0}, money{0.0}, money{199.0}, money{300.0}, money{0.0}})->action == liquidation_action::backstop);
}

TEST_CASE("cross assessment sums the account") {
  const std::array<position<dec>, 2> ps{
      position<dec>{side::long_, quantity{1.0_dec}, price{100.0_dec}, linear_contract(1.0_dec)},
      position<dec>{side::short_, quantity{2.0_dec}, price{50.0_dec}, linear_contract(1.0_dec)}};
  const account_view<dec> acct{7, money{10.0_dec}, ps};
  const std::array<price<dec>, 2> marks{price{95.0_dec}, price{52.0_dec}};
  const flat_margin<dec> m{rate{0.1_dec}, rate{0.05_dec}};
  // equity 10 - 5 - 4 = 1; MM 95 x 5% + 104 x 5% = 9.95
  const auto d = assess_cross(margin_ratio_reaches_one{}, acct, std::span<const price<dec>>(marks), m);
  REQUIRE(d);
  CHECK(d->equity == money{1.0_dec});
  CHECK(d->maintenance == money{9.95_dec});
  CHECK(d->action == liquidation_action::liquidate);
  const auto e = assess_cross(margin_ratio_reaches_one{}, acct, std::span<const price<dec>>(marks).first(1), m);
  CHECK(e.error() == errc::size_mismatch);
}

TEST_CASE("generated statuses: decisions agree with the comparisons") {
  solvency_test::rng g{20261121};
  for (int i = 0; i < 20000; ++i) {
    const dec e = dec::from_raw(g.any_magnitude(50));
    const dec mm = dec::from_raw(static_cast<std::int64_t>(g.below(1ull << 50)));
    const auto s = status(e, mm);
    const auto a = equity_below_maintenance{}.decide(s);
    const auto b = margin_ratio_reaches_one{}.decide(s);
    const auto h = hyperliquid_trigger{}.decide(s);
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(h);
    CHECK(a->liquidating() == (e < mm));
    CHECK(b->liquidating() == !(e > mm));
    CHECK((h->action == liquidation_action::backstop) ==
          (mul<round::down>(e, dec::from_int(3)) < mul<round::down>(mm, dec::from_int(2))));
    CHECK(h->liquidating() == a->liquidating());
    if (e > dec{}) {
      // ratio >= 1 exactly when liquidated (the ratio rounds up, so >= 1 may
      // also hold a hair above 1 - never below)
      if (b->liquidating() && b->ratio_finite) CHECK(b->ratio.value() >= dec::from_int(1));
      if (b->ratio_finite && !b->liquidating()) CHECK(b->ratio.value() <= dec::from_int(1));
    } else {
      CHECK(!b->ratio_finite);
    }
  }
}

TEST_CASE("bad input, case by case") {
  const dec ovf = dec::error_value(errc::overflow);
  CHECK(equity_below_maintenance{}.decide(status(ovf, 1.0_dec)).error() == errc::overflow);
  CHECK(margin_ratio_reaches_one{}.decide(status(1.0_dec, ovf)).error() == errc::overflow);
  CHECK(equity_below_maintenance{}.decide(status(1.0_dec, -1.0_dec)).error() == errc::negative_amount);
  CHECK(hyperliquid_trigger{{}, 0, 3}.decide(status(1.0_dec, 2.0_dec)).error() == errc::invalid_argument);
  CHECK(hyperliquid_trigger{{}, 2, 0}.decide(status(1.0_dec, 2.0_dec)).error() == errc::invalid_argument);
  CHECK(hyperliquid_trigger{{}, 4, 3}.decide(status(1.0_dec, 2.0_dec)).error() == errc::invalid_argument);
  // 3 x equity overflows the decimal range
  CHECK(hyperliquid_trigger{}.decide(status(-dec::max(), dec::max())).error() == errc::overflow);
  CHECK(margin_ratio(status(0.0_dec, 1.0_dec)).error() == errc::division_by_zero);
  CHECK(margin_ratio(status(ovf, 1.0_dec)).error() == errc::overflow);
  CHECK(*margin_ratio(status(4.0_dec, 1.0_dec)) == rate{0.25_dec});
  // a ratio out of range is not finite, and the decision stands
  const auto tiny = margin_ratio_reaches_one{}.decide(status(0.00000001_dec, dec::max()));
  CHECK((tiny && !tiny->ratio_finite && tiny->liquidating()));
  CHECK(margin_ratio_reaches_one{}.decide(margin_status<double>{money{0.0}, money{0.0}, money{std::numeric_limits<double>::quiet_NaN()}, money{1.0}, money{0.0}})
            .error() == errc::not_a_number);
  // an invalid position or mark, through assess_isolated
  isolated_position<dec> bad = okx1;
  bad.pos.size = quantity{0.0_dec};
  CHECK(assess_isolated(margin_ratio_reaches_one{}, okx_tier, bad, price{9010.0_dec}, okx_conv).error() ==
        errc::non_positive_quantity);
  CHECK(assess_isolated(margin_ratio_reaches_one{}, okx_tier, okx1, price{0.0_dec}, okx_conv).error() ==
        errc::non_positive_price);
  CHECK(name(liquidation_action::backstop) == "backstop");
  CHECK(name(static_cast<liquidation_action>(9)) == "invalid");
}
