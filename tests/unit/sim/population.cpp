// Tests for solvency/sim/population.hpp: the generated population's shape
// (pairs, equal open interest, the leverage mix, determinism) and CSV
// loading, every bad input case by case, all or nothing.
#include <solvency/sim/population.hpp>

#include "check.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace solvency;
using namespace solvency::literals;

namespace {
using N = dec;
using rec = sim::account_record<N>;

std::vector<rec> make(std::size_t n, std::uint64_t seed) {
  sim::population_params<N> p{};
  p.accounts = n;
  p.seed = seed;
  std::vector<rec> out;
  REQUIRE(sim::generate(p, out));
  return out;
}
}  // namespace

TEST_CASE("generate: pairs, equal open interest, unique ids, the leverage mix") {
  const auto a = make(20'000, 7);
  REQUIRE(a.size() == 20'000);
  quantity<N> longs{}, shorts{};
  std::set<account_id> ids;
  std::size_t mid = 0, high = 0, above_100 = 0;
  for (const auto& r : a) {
    ids.insert(r.id);
    (r.side == side::long_ ? longs : shorts) += r.size;
    CHECK(r.size.value() > N{});
    const money<N> value = mul<round::up>(r.size, r.entry);
    const rate<N> lev = div<round::down>(value, r.margin);
    if (!(lev.value() < 5.0_dec) && lev.value() < 25.0_dec) ++mid;
    if (!(lev.value() < 50.0_dec)) ++high;
    if (lev.value() > 100.0_dec) ++above_100;
    // entries within 0.1% of 50,000
    CHECK(!(r.entry.value() < 49950.0_dec));
    CHECK(!(r.entry.value() > 50050.0_dec));
  }
  CHECK(longs == shorts);
  CHECK(ids.size() == a.size());
  CHECK(*ids.begin() == 1);
  CHECK(*ids.rbegin() == a.size());
  // default bins: 67% at 5-25x, 8% at 50x and above, nothing above 100x
  CHECK(mid > a.size() * 60 / 100);
  CHECK(mid < a.size() * 75 / 100);
  CHECK(high > a.size() * 5 / 100);
  CHECK(high < a.size() * 11 / 100);
  CHECK(above_100 == 0);
  // consecutive ids are a long and a short of the same size
  for (std::size_t i = 0; i + 1 < a.size(); i += 2) {
    CHECK(a[i].side == side::long_);
    CHECK(a[i + 1].side == side::short_);
    CHECK(a[i].size == a[i + 1].size);
  }
}

TEST_CASE("generate: deterministic per seed") {
  CHECK(make(1000, 3) == make(1000, 3));
  CHECK(!(make(1000, 3) == make(1000, 4)));
}

TEST_CASE("generate: inverse contracts margin in the settlement currency") {
  sim::population_params<N> p{};
  p.accounts = 10;
  p.spec = inverse_contract(1.0_dec);
  p.lot = quantity{100.0_dec};
  std::vector<rec> out;
  REQUIRE(sim::generate(p, out));
  for (const auto& r : out) CHECK(r.margin.value() < 1.0_dec);  // BTC, not USD
}

TEST_CASE("generate: bad parameters") {
  std::vector<rec> out{rec{99, side::long_, quantity{1.0_dec}, price{1.0_dec}, money{1.0_dec}}};
  const auto before = out;
  sim::population_params<N> p{};
  p.accounts = 3;
  CHECK(sim::generate(p, out) == failure{errc::invalid_argument});
  p.accounts = 0;
  CHECK(sim::generate(p, out) == failure{errc::invalid_argument});
  p = {};
  p.mark = price<N>{};
  CHECK(sim::generate(p, out) == failure{errc::invalid_argument});
  p = {};
  p.lot = quantity<N>{-1.0_dec};
  CHECK(sim::generate(p, out) == failure{errc::invalid_argument});
  p = {};
  p.entry_spread = rate<N>{0.5_dec};
  CHECK(sim::generate(p, out) == failure{errc::invalid_argument});
  p = {};
  p.entry_spread = rate<N>{-0.01_dec};
  CHECK(sim::generate(p, out) == failure{errc::invalid_argument});
  p = {};
  const std::array<sim::leverage_bin, 1> empty{{{0, 1, 2}}};
  p.leverage = empty;
  CHECK(sim::generate(p, out) == failure{errc::invalid_argument});
  const std::array<sim::leverage_bin, 1> reversed{{{1, 5, 5}}};
  p.leverage = reversed;
  CHECK(sim::generate(p, out) == failure{errc::invalid_argument});
  CHECK(out == before);
}

TEST_CASE("CSV: round trip, any column order, comments, CRLF") {
  const auto a = make(200, 11);
  const std::string text = sim::to_csv<N>(a);
  std::vector<rec> b;
  const auto e = sim::load_positions<N>(text, b);
  CHECK(e.ok());
  CHECK(e.describe() == "ok");
  CHECK(a == b);

  const std::string other =
      "# exported\r\nmargin, entry ,size,note,side,id\r\n\r\n100,50000,0.5,x,short,7\r\n20.5,49000.25,1,,buy,3\r\n";
  std::vector<rec> c;
  REQUIRE(sim::load_positions<N>(other, c).ok());
  REQUIRE(c.size() == 2);
  CHECK(c[0] == rec{7, side::short_, quantity{0.5_dec}, price{50000.0_dec}, money{100.0_dec}});
  CHECK(c[1] == rec{3, side::long_, quantity{1.0_dec}, price{49000.25_dec}, money{20.5_dec}});
}

TEST_CASE("CSV: every bad input names its line and field, and loads nothing") {
  const rec sentinel{42, side::long_, quantity{1.0_dec}, price{1.0_dec}, money{1.0_dec}};
  struct bad {
    const char* text;
    errc code;
    std::size_t line;
    const char* field;
  };
  const bad cases[] = {
      {"id,side,size,entry\n1,long,1,100\n", errc::malformed_record, 1, "margin"},
      {"side,size,entry,margin\n", errc::malformed_record, 1, "id"},
      {"id,side,size,entry,margin\n1,long,1,100,10\n2,short,abc,100,10\n", errc::malformed_record, 3, "size"},
      {"id,side,size,entry,margin\n1,long,1,1e,10\n", errc::malformed_record, 2, "entry"},
      {"id,side,size,entry,margin\n1,long,1,100,\n", errc::malformed_record, 2, "margin"},
      {"id,side,size,entry,margin\nx1,long,1,100,10\n", errc::malformed_record, 2, "id"},
      {"id,side,size,entry,margin\n-1,long,1,100,10\n", errc::malformed_record, 2, "id"},
      {"id,side,size,entry,margin\n1,up,1,100,10\n", errc::malformed_record, 2, "side"},
      {"id,side,size,entry,margin\n1,long,1,100\n", errc::malformed_record, 2, "margin"},
      {"id,side,size,entry,margin\n1,long\n", errc::malformed_record, 2, "size"},
      {"id,side,size,entry,margin\n1,long,-2,100,10\n", errc::non_positive_quantity, 2, "size"},
      {"id,side,size,entry,margin\n1,long,0,100,10\n", errc::non_positive_quantity, 2, "size"},
      {"id,side,size,entry,margin\n1,long,1,0,10\n", errc::non_positive_price, 2, "entry"},
      {"id,side,size,entry,margin\n1,long,1,-3,10\n", errc::non_positive_price, 2, "entry"},
      {"id,side,size,entry,margin\n1,long,1,100,-10\n", errc::negative_amount, 2, "margin"},
      {"id,side,size,entry,margin\n1,long,0.000000001,100,10\n", errc::malformed_record, 2, "size"},
      {"id,side,size,entry,margin\n1,long,1,100,10\n2,short,1,100,10\n# c\n1,short,1,100,10\n", errc::duplicate_id, 5, "id"},
      {"id,side,size,entry,margin\n5,long,1,100,10\n6,long,1,100,10\n6,long,1,100,10\n5,long,1,100,10\n", errc::duplicate_id, 4, "id"},
      {"", errc::invalid_argument, 1, ""},
      {"# only a comment\n", errc::invalid_argument, 2, ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    std::vector<rec> out{sentinel};
    const auto e = sim::load_positions<N>(c.text, out);
    CHECK(e.code == c.code);
    CHECK(e.line == c.line);
    CHECK(e.field == c.field);
    CHECK(!e.ok());
    CHECK(out.size() == 1);
    CHECK(out[0] == sentinel);
  }
  std::vector<rec> out;
  const auto e = sim::load_positions<N>("id,side,size,entry,margin\n1,long,-2,100,10\n", out);
  CHECK(e.describe() == "line 2, field 'size': size must be greater than zero (non_positive_quantity)");
}
