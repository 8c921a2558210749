// Tests for solvency/venues/rulebook.hpp: the bundle and its concept, the
// three roundings a rulebook function offers (conservative to the tick, the
// venue's display, any other), the forwarding to the liquidation family
// (single positions and cross accounts, identical answers), at_leverage, and
// bad input through a rulebook.
#include <solvency/venues/rulebook.hpp>

#include <solvency/margin/models.hpp>

#include "check.hpp"
#include "solved.hpp"

#include <array>
#include <limits>
#include <span>

using namespace solvency;
using namespace solvency::literals;
namespace venues = solvency::venues;

namespace {

using solvency_test::px;

constexpr position<dec> linear(side s, dec size, dec entry) { return {s, quantity{size}, price{entry}, linear_contract(1.0_dec)}; }

// A 10% IM / 0.5% MM flat book, tick 0.1, printed to the cent rounding down.
constexpr venues::rulebook<flat_margin<dec>, uniform_rounding<round::down>> book{
    "test", flat_margin<dec>{rate{0.1_dec}, rate{0.005_dec}}, liquidation_convention<dec>{}, price_delta{0.1_dec},
    price_delta{0.01_dec}};


// long 1 @ 100 with 10: 90 / 0.995 = 90.452261...; short: 110 / 1.005 = 109.452736...
constexpr margined_position<dec> l{linear(side::long_, 1.0_dec, 100.0_dec), money{10.0_dec}, {}};
constexpr margined_position<dec> s{linear(side::short_, 1.0_dec, 100.0_dec), money{10.0_dec}, {}};

}  // namespace

TEST_CASE("the bundle: a Rulebook, its types and members") {
  static_assert(venues::Rulebook<decltype(book)>);
  static_assert(std::is_same_v<decltype(book)::number_type, dec>);
  static_assert(std::is_same_v<decltype(book)::margin_model, flat_margin<dec>>);
  static_assert(!venues::Rulebook<flat_margin<dec>>);
  static_assert(!venues::Rulebook<int>);
  static_assert(venues::PriceRequest<venues::as_displayed>);
  static_assert(venues::PriceRequest<conservative_rounding>);
  static_assert(!venues::PriceRequest<round::up>);
  SOLVENCY_CHECK_CONSTEXPR(book.venue == "test");
  SOLVENCY_CHECK_CONSTEXPR(book.tick == price_delta{0.1_dec});
}

TEST_CASE("rounding: conservative to the tick, the venue's display, or any other to the tick") {
  // conservative, 0.1: a long up, a short down
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price(book, l)) == 90.5_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price(book, s)) == 109.4_dec);
  // the venue's display: down, to the cent
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price<venues::as_displayed>(book, l)) == 90.45_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price<venues::as_displayed>(book, s)) == 109.45_dec);
  // any other direction, to the tick
  SOLVENCY_CHECK_CONSTEXPR(px(venues::liquidation_price<uniform_rounding<round::up>>(book, s)) == 109.5_dec);
  // bankruptcy: 90 and 110 exactly
  SOLVENCY_CHECK_CONSTEXPR(px(venues::bankruptcy_price(book, l)) == 90.0_dec);
  SOLVENCY_CHECK_CONSTEXPR(px(venues::bankruptcy_price<venues::as_displayed>(book, s)) == 110.0_dec);
  // identical to the liquidation family called with the bundle's members
  CHECK(venues::liquidation_price(book, l) == liquidation_price(l, book.model, book.convention, book.tick));
  CHECK(venues::bankruptcy_price<venues::as_displayed>(book, s) ==
        bankruptcy_price<uniform_rounding<round::down>>(s, book.convention, book.display_step));
  // a step of zero keeps every digit
  auto exact = book;
  exact.tick = price_delta<dec>{};
  CHECK(px(venues::liquidation_price(exact, l)) == 90.45226131_dec);
}

TEST_CASE("the requirement and initial margin through the bundle") {
  // at 95: MM 0.475; IM at the tier's 10%: 9.5
  SOLVENCY_CHECK_CONSTEXPR(venues::maintenance_margin(book, l, price{95.0_dec}).value() == money{0.475_dec});
  SOLVENCY_CHECK_CONSTEXPR(venues::initial_margin(book, l.pos, price{95.0_dec}).value() == money{9.5_dec});
  // at the liquidation price equity meets it (safe side), one tick beyond not
  constexpr dec p = px(venues::liquidation_price(book, l));
  SOLVENCY_CHECK_CONSTEXPR(equity_at(l, price{p}).value() >= venues::maintenance_margin(book, l, price{p}).value());
  SOLVENCY_CHECK_CONSTEXPR(equity_at(l, price{p - 0.1_dec}).value() <
                           venues::maintenance_margin(book, l, price{p - 0.1_dec}).value());
}

TEST_CASE("at_leverage: margin = entry value / leverage + extra, within the tier's maximum") {
  constexpr auto mp = venues::at_leverage(book, l.pos, rate{4.0_dec}, money{5.0_dec}).value();
  SOLVENCY_CHECK_CONSTEXPR(mp.margin == money{30.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(mp.extra_margin == money{5.0_dec});
  SOLVENCY_CHECK_CONSTEXPR(venues::at_leverage(book, l.pos, rate{10.0_dec})->margin == money{10.0_dec});
  // 3x: 33.33333334, rounded up
  SOLVENCY_CHECK_CONSTEXPR(venues::at_leverage(book, l.pos, rate{3.0_dec})->margin == money{33.33333334_dec});
  // funding paid: a negative extra
  SOLVENCY_CHECK_CONSTEXPR(venues::at_leverage(book, l.pos, rate{10.0_dec}, money{-2.0_dec})->margin == money{8.0_dec});
  // above the tier's maximum (1 / 10%), zero, negative, not a number
  SOLVENCY_CHECK_CONSTEXPR(venues::at_leverage(book, l.pos, rate{10.00000001_dec}) == failure{errc::leverage_above_max});
  SOLVENCY_CHECK_CONSTEXPR(venues::at_leverage(book, l.pos, rate{0.0_dec}) == failure{errc::invalid_argument});
  SOLVENCY_CHECK_CONSTEXPR(venues::at_leverage(book, l.pos, rate{-2.0_dec}) == failure{errc::invalid_argument});
  CHECK(venues::at_leverage(book, l.pos, rate{dec::error_value(errc::overflow)}) == failure{errc::overflow});
  CHECK(venues::at_leverage(book, l.pos, rate{2.0_dec}, money{dec::error_value(errc::overflow)}) ==
        failure{errc::overflow});
}

TEST_CASE("cross accounts through the bundle: one model, or one per position") {
  const std::array positions{linear(side::long_, 1.0_dec, 100.0_dec), linear(side::short_, 2.0_dec, 50.0_dec)};
  const std::array marks{price{101.0_dec}, price{49.0_dec}};
  const account_view<dec> acct{1, money{20.0_dec}, positions};
  std::array<result<solved_price<dec>>, 2> out{solved_price<dec>{}, solved_price<dec>{}};
  std::array<result<solved_price<dec>>, 2> direct{solved_price<dec>{}, solved_price<dec>{}};
  REQUIRE(venues::cross_liquidation_prices(book, acct, marks, out).has_value());
  REQUIRE(cross_liquidation_prices(acct, marks, book.model, book.convention, book.tick, direct).has_value());
  CHECK(out == direct);
  // position 0 backed by 20 + 2 - 98 x 0.5% = 21.51: (100 - 21.51) / 0.995 = 78.884..., up to 78.9
  CHECK(px(out[0]) == 78.9_dec);
  REQUIRE(venues::cross_liquidation_prices<venues::as_displayed>(book, acct, marks, out).has_value());
  CHECK(px(out[0]) == 78.88_dec);
  // a model per position
  const std::array models{flat_margin<dec>{rate{0.1_dec}, rate{0.005_dec}}, flat_margin<dec>{rate{0.2_dec}, rate{0.1_dec}}};
  REQUIRE(venues::cross_liquidation_prices(book, per_position(std::span(models)), acct, marks, out).has_value());
  REQUIRE(cross_liquidation_prices(acct, marks, per_position(std::span(models)), book.convention, book.tick, direct)
              .has_value());
  CHECK(out == direct);
  // bankruptcy
  REQUIRE(venues::cross_bankruptcy_prices(book, acct, marks, out).has_value());
  REQUIRE(cross_bankruptcy_prices(acct, marks, book.convention, book.tick, direct).has_value());
  CHECK(out == direct);
  CHECK(px(out[0]) == 78.0_dec);  // 100 - (20 + 2)
  // errors of the call
  CHECK(venues::cross_liquidation_prices(book, acct, std::span(marks).first(1), out) == failure{errc::size_mismatch});
  CHECK(venues::cross_bankruptcy_prices(book, acct, marks, std::span(out).first(1)) == failure{errc::size_mismatch});
}

TEST_CASE("bad input through a rulebook") {
  auto with = [](auto f) {
    auto mp = l;
    f(mp);
    return venues::liquidation_price(book, mp).error();
  };
  CHECK(with([](margined_position<dec>& p) { p.pos.size = quantity{0.0_dec}; }) == errc::non_positive_quantity);
  CHECK(with([](margined_position<dec>& p) { p.pos.size = quantity{-1.0_dec}; }) == errc::non_positive_quantity);
  CHECK(with([](margined_position<dec>& p) { p.pos.entry = price{0.0_dec}; }) == errc::non_positive_price);
  CHECK(with([](margined_position<dec>& p) { p.pos.entry = price{-5.0_dec}; }) == errc::non_positive_price);
  CHECK(venues::bankruptcy_price(book, margined_position<dec>{linear(side::long_, 0.0_dec, 1.0_dec), {}, {}}) ==
        failure{errc::non_positive_quantity});
  CHECK(venues::maintenance_margin(book, l, price{0.0_dec}) == failure{errc::non_positive_price});
  CHECK(venues::initial_margin(book, l.pos, price{-1.0_dec}) == failure{errc::non_positive_price});
  CHECK(venues::at_leverage(book, linear(side::long_, 1.0_dec, 0.0_dec), rate{2.0_dec}) ==
        failure{errc::non_positive_price});
  // a bad tick or convention in the bundle
  auto bad = book;
  bad.tick = price_delta{-0.1_dec};
  CHECK(venues::liquidation_price(bad, l) == failure{errc::invalid_argument});
  CHECK(venues::liquidation_price<venues::as_displayed>(bad, l).has_value());  // display step still fine
  bad = book;
  bad.convention.margin.fee = close_fee::on_value_at_price;
  bad.convention.margin.taker_fee = rate{1.0_dec};
  CHECK(venues::liquidation_price(bad, l) == failure{errc::invalid_argument});
  // a convention with no solution: MMR + fee of 100% for a linear long
  auto none = book;
  none.model = flat_margin<dec>{rate{1.0_dec}, rate{0.9995_dec}};
  none.convention.margin.fee = close_fee::on_value_at_price;
  none.convention.margin.taker_fee = rate{0.0005_dec};
  CHECK(venues::liquidation_price(none, l) == failure{errc::no_solution});
  CHECK(venues::liquidation_price(none, s).has_value());
  // double: NaN
  const venues::rulebook<flat_margin<double>> d{"d", flat_margin<double>{rate{0.1}, rate{0.005}}, {}, {}, {}};
  const margined_position<double> nan_margin{{side::long_, quantity{1.0}, price{100.0}, linear_contract(1.0)},
                                             money{std::numeric_limits<double>::quiet_NaN()},
                                             {}};
  CHECK(venues::liquidation_price(d, nan_margin) == failure{errc::not_a_number});
}
