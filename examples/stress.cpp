// The main example: stress-testing an exchange's parameters with the
// deleveraging-spiral simulator.
//
// With no arguments it runs a built-in scenario: 40,000 generated accounts
// (leverage concentrated at 5-25x with a tail to 100x, long and short open
// interest equal) on Binance's BTCUSDT brackets, a 10% fall of the price
// over 60 steps, forced orders hitting an order book of finite depth that
// refills 2% per step. It prints the scenario, a summarised timeline, the
// key metrics, what a circuit breaker and dynamic margin change, and writes
// stress_timeline.csv (every step) and stress_chart.svg (price, fund, cumulative
// liquidations and ADL).
//
// Usage: stress [--positions FILE.csv] [--venue NAME] [--shock 0.10]
//               [--impact book|linear|sqrt] [--seed N] [--accounts N]
//               [--steps N] [--fund X] [--depth X] [--levels N] [--out DIR]
//               [--dump-positions FILE]
//
//   --positions    accounts from CSV (header id,side,size,entry,margin)
//                  instead of the generated population
//   --venue        binance (default), bybit, bybit-uta, okx, hyperliquid,
//                  dydx, deribit, bitmex (inverse: sizes in USD contracts,
//                  money in BTC)
//   --shock        the exogenous fall, a fraction (0.10 = 10%; < 1)
//   --impact       book (default), linear or sqrt
//   --fund         the insurance fund, in the settlement currency
//   --depth, --levels  the book's depth per level and levels a side
//   --dump-positions  write the generated accounts as CSV and go on
#include <solvency/sim/engine.hpp>
#include <solvency/sim/impact.hpp>
#include <solvency/sim/population.hpp>
#include <solvency/sim/search.hpp>
#include <solvency/venues/binance_usdm.hpp>
#include <solvency/venues/bitmex.hpp>
#include <solvency/venues/bybit_linear.hpp>
#include <solvency/venues/deribit.hpp>
#include <solvency/venues/dydx.hpp>
#include <solvency/venues/hyperliquid.hpp>
#include <solvency/venues/okx.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

// GCC 12 at -O3 reports a false -Wrestrict inside std::string's operator+
// (GCC bug 105329); nothing here overlaps.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

#if defined(_WIN32)
#include <io.h>
#define SOLVENCY_ISATTY(fd) _isatty(fd)
#else
#include <unistd.h>
#define SOLVENCY_ISATTY(fd) isatty(fd)
#endif

namespace {
using namespace solvency;
using N = dec;

// --- options -----------------------------------------------------------------

struct options {
  std::string positions{};
  std::string venue = "binance";
  std::string shock = "0.10";
  std::string impact = "book";
  std::uint64_t seed = 1;
  std::size_t accounts = 40'000;
  std::size_t steps = 240;
  std::string fund{};
  std::string out = ".";
  std::string dump{};
  std::string depth{};
  std::size_t levels = 400;
};

[[noreturn]] void usage_error(const std::string& what) {
  std::fprintf(stderr, "stress: %s\n(try: stress --help)\n", what.c_str());
  std::exit(2);
}

N parse_number(const std::string& flag, const std::string& text) {
  const auto r = N::parse<round::nearest_even>(text);
  if (!r) usage_error(flag + ": '" + text + "' is not a number");
  return *r;
}
std::uint64_t parse_count(const std::string& flag, const std::string& text) {
  std::uint64_t v = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || p != text.data() + text.size()) usage_error(flag + ": '" + text + "' is not a whole number");
  return v;
}

options parse(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::puts(
          "usage: stress [--positions FILE.csv] [--venue NAME] [--shock 0.10] [--impact book|linear|sqrt]\n"
          "              [--seed N] [--accounts N] [--steps N] [--fund X] [--depth X] [--levels N] [--out DIR]\n"
          "              [--dump-positions FILE]\n"
          "venues: binance bybit bybit-uta okx hyperliquid dydx deribit bitmex");
      std::exit(0);
    }
    if (i + 1 >= argc) usage_error(a + " needs a value");
    const std::string v = argv[++i];
    if (a == "--positions") o.positions = v;
    else if (a == "--venue") o.venue = v;
    else if (a == "--shock") o.shock = v;
    else if (a == "--impact") o.impact = v;
    else if (a == "--seed") o.seed = parse_count(a, v);
    else if (a == "--accounts") o.accounts = parse_count(a, v);
    else if (a == "--steps") o.steps = parse_count(a, v);
    else if (a == "--fund") o.fund = v;
    else if (a == "--out") o.out = v;
    else if (a == "--dump-positions") o.dump = v;
    else if (a == "--depth") o.depth = v;
    else if (a == "--levels") o.levels = parse_count(a, v);
    else usage_error("unknown option " + a);
  }
  return o;
}

// --- formatting ----------------------------------------------------------------

/// x to `places` decimals (half even), with thousands separators.
std::string fmt(N x, int places = 2) {
  if (!is_valid(x)) return "error";
  std::int64_t unit = 1;
  for (int i = 0; i < places; ++i) unit *= 10;
  const N scaled = round_to_multiple<round::nearest_even>(x, div<round::down>(from_int<N>(1), from_int<N>(unit)));
  const std::int64_t raw = scaled.raw();
  const bool neg = raw < 0;
  std::uint64_t mag = static_cast<std::uint64_t>(neg ? -raw : raw) / (N::unit / static_cast<std::uint64_t>(unit));
  const std::uint64_t whole = mag / static_cast<std::uint64_t>(unit);
  const std::uint64_t frac = mag % static_cast<std::uint64_t>(unit);
  std::string w = std::to_string(whole);
  for (int i = static_cast<int>(w.size()) - 3; i > 0; i -= 3) w.insert(static_cast<std::size_t>(i), ",");
  std::string s = neg && mag != 0 ? "-" + w : w;
  if (places > 0) {
    std::string f = std::to_string(frac);
    while (static_cast<int>(f.size()) < places) f.insert(0, "0");
    s += "." + f;
  }
  return s;
}
std::string pct(N x, int places = 1) { return fmt(mul<round::nearest_even>(x, from_int<N>(100)), places) + "%"; }
std::string count(std::size_t n) {
  std::string w = std::to_string(n);
  for (int i = static_cast<int>(w.size()) - 3; i > 0; i -= 3) w.insert(static_cast<std::size_t>(i), ",");
  return w;
}
std::string exact(N x) {
  char buf[N::max_chars];
  const auto r = x.to_chars(buf, buf + sizeof buf);
  return std::string(buf, r.ptr);
}

// --- impact: one run-time choice, one engine instantiation per venue --------------

/// Any of the three models, chosen at run time (an ImpactModel itself).
struct any_impact {
  std::variant<sim::order_book<N>, sim::linear_impact<N>, sim::sqrt_impact<N>> m{};
  [[nodiscard]] result<void> validate() const {
    return std::visit([](const auto& x) { return x.validate(); }, m);
  }
  [[nodiscard]] price_delta<N> displacement() const {
    return std::visit([](const auto& x) { return x.displacement(); }, m);
  }
  void recover() {
    std::visit([](auto& x) { x.recover(); }, m);
  }
  [[nodiscard]] result<price<N>> quote(side s, quantity<N> q, price<N> ref) const {
    return std::visit([&](const auto& x) { return x.quote(s, q, ref); }, m);
  }
  [[nodiscard]] result<sim::execution<N>> execute(side s, quantity<N> q, price<N> ref) {
    return std::visit([&](auto& x) { return x.execute(s, q, ref); }, m);
  }
};
static_assert(sim::ImpactModel<any_impact, N>);

// --- the scenario ------------------------------------------------------------

struct scenario {
  std::string venue_name;
  bool inverse = false;
  price<N> start{};
  rate<N> shock{};
  std::size_t ramp = 60;
  std::size_t steps = 240;
  any_impact impact{};
  std::string impact_text;
  money<N> fund{};
  std::vector<sim::account_record<N>> accounts;
  std::string source;
  contract<N> spec{};
};

template <class Rules>
using config_t = sim::config<Rules, any_impact>;

template <class Rules>
config_t<Rules> make_config(const Rules& rb, const scenario& sc) {
  config_t<Rules> c{};
  c.rules = rb;
  c.impact = sc.impact;
  c.spec = sc.spec;
  c.waterfall.template stage<0>().shared.balance = sc.fund;
  return c;
}

struct progress_line {
  bool tty = SOLVENCY_ISATTY(2) != 0;
  std::string label;
  void operator()(std::size_t done, std::size_t total) const {
    if (!tty || (done % 8 != 0 && done != total)) return;
    std::fprintf(stderr, "\r  %-24s step %zu/%zu", label.c_str(), done, total);
    if (done == total) std::fprintf(stderr, "\r%60s\r", "");
    std::fflush(stderr);
  }
};

void write_file(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  if (!f) usage_error("cannot write " + path);
}

std::string timeline_csv(const std::vector<sim::step_record<N>>& t) {
  std::string s =
      "step,fundamental,mark,liquidations,liquidated_notional,fund,adl_count,adl_notional,socialized,uncovered,"
      "halted,margin_factor,long_oi,short_oi\n";
  for (const auto& r : t) {
    s += std::to_string(r.step) + "," + exact(r.fundamental.value()) + "," + exact(r.mark.value()) + "," +
         std::to_string(r.liquidations) + "," + exact(r.liquidated_notional.value()) + "," + exact(r.fund.value()) +
         "," + std::to_string(r.adl_count) + "," + exact(r.adl_notional.value()) + "," + exact(r.socialized.value()) +
         "," + exact(r.uncovered.value()) + "," + (r.halted ? "1" : "0") + "," + exact(r.margin_factor.value()) + "," +
         exact(r.long_oi.value()) + "," + exact(r.short_oi.value()) + "\n";
  }
  return s;
}

// --- the chart, by hand -----------------------------------------------------------

std::string num1(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

struct series {
  std::string name;
  std::string colour;
  std::vector<double> y;
  bool dashed = false;
};

/// An axis label: thousands separators, millions as "12.3M".
std::string axis_label(double v) {
  char b[48];
  if (v >= 1e6 || v <= -1e6) {
    std::snprintf(b, sizeof b, "%.1fM", v / 1e6);
    return b;
  }
  std::snprintf(b, sizeof b, "%.0f", v < 0 ? -v : v);
  std::string w = b;
  for (int i = static_cast<int>(w.size()) - 3; i > 0; i -= 3) w.insert(static_cast<std::size_t>(i), ",");
  return (v < 0 && w != "0" ? "-" : "") + w;
}

std::string panel(double top, double height, const std::string& title, const std::vector<series>& ss,
                  std::size_t first_adl) {
  const double left = 90, width = 780;
  double lo = 1e300, hi = -1e300;
  for (const auto& s : ss)
    for (double v : s.y) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  if (!(hi > lo)) hi = lo + 1;
  const double pad = (hi - lo) * 0.05;
  lo = lo >= 0 && lo - pad < 0 ? 0 : lo - pad;  // amounts never below zero
  hi += pad;
  const std::size_t n = ss.front().y.size();
  auto X = [&](std::size_t i) { return left + width * (n > 1 ? static_cast<double>(i) / static_cast<double>(n - 1) : 0.0); };
  auto Y = [&](double v) { return top + height - height * (v - lo) / (hi - lo); };
  std::string s;
  s += "<g>\n<rect x='" + num1(left) + "' y='" + num1(top) + "' width='" + num1(width) + "' height='" + num1(height) +
       "' fill='#fafafa' stroke='#999'/>\n";
  s += "<text x='" + num1(left) + "' y='" + num1(top - 8) + "' font-size='13' font-weight='bold'>" + title + "</text>\n";
  for (int k = 0; k <= 4; ++k) {
    const double v = lo + (hi - lo) * k / 4.0;
    const double y = Y(v);
    s += "<line x1='" + num1(left) + "' x2='" + num1(left + width) + "' y1='" + num1(y) + "' y2='" + num1(y) +
         "' stroke='#e3e3e3'/>\n";
    s += "<text x='" + num1(left - 6) + "' y='" + num1(y + 4) + "' font-size='10' text-anchor='end'>" + axis_label(v) +
         "</text>\n";
  }
  for (int k = 0; k <= 4; ++k) {  // steps along the bottom
    const std::size_t i = n > 1 ? (n - 1) * static_cast<std::size_t>(k) / 4 : 0;
    s += "<text x='" + num1(X(i)) + "' y='" + num1(top + height + 12) + "' font-size='9' text-anchor='middle' fill='#666'>" +
         std::to_string(i) + "</text>\n";
  }
  if (first_adl < n) {
    const double x = X(first_adl);
    s += "<line x1='" + num1(x) + "' x2='" + num1(x) + "' y1='" + num1(top) + "' y2='" + num1(top + height) +
         "' stroke='#c0392b' stroke-dasharray='3,3'/>\n";
  }
  // the legend on the title's line, right-aligned
  double lx = left + width;
  for (auto it = ss.rbegin(); it != ss.rend(); ++it) lx -= 16 + 6.2 * static_cast<double>(it->name.size()) + 14;
  for (const auto& se : ss) {
    s += "<polyline fill='none' stroke='" + se.colour + "' stroke-width='1.6'" +
         (se.dashed ? std::string(" stroke-dasharray='6,4'") : std::string()) + " points='";
    for (std::size_t i = 0; i < se.y.size(); ++i) s += num1(X(i)) + "," + num1(Y(se.y[i])) + " ";
    s += "'/>\n";
    s += "<line x1='" + num1(lx) + "' x2='" + num1(lx + 12) + "' y1='" + num1(top - 12) + "' y2='" + num1(top - 12) +
         "' stroke='" + se.colour + "' stroke-width='2'" +
         (se.dashed ? std::string(" stroke-dasharray='4,2'") : std::string()) + "/>";
    s += "<text x='" + num1(lx + 16) + "' y='" + num1(top - 8) + "' font-size='11'>" + se.name + "</text>\n";
    lx += 16 + 6.2 * static_cast<double>(se.name.size()) + 14;
  }
  s += "</g>\n";
  return s;
}

std::string chart(const std::vector<sim::step_record<N>>& t, const sim::summary<N>& m, const std::string& title,
                  const std::string& money_unit) {
  series fundamental{"exogenous price", "#7f8c8d", {}, true}, mark{"mark (with forced orders)", "#2c3e50", {}};
  series fund{"insurance fund", "#27ae60", {}};
  series liq{"cumulative liquidated notional", "#e67e22", {}}, adl{"cumulative ADL notional", "#c0392b", {}};
  double cl = 0, ca = 0;
  for (const auto& r : t) {
    fundamental.y.push_back(to_double(r.fundamental.value()));
    mark.y.push_back(to_double(r.mark.value()));
    fund.y.push_back(to_double(r.fund.value()));
    cl += to_double(r.liquidated_notional.value());
    ca += to_double(r.adl_notional.value());
    liq.y.push_back(cl);
    adl.y.push_back(ca);
  }
  const std::size_t first_adl = m.first_adl_step < 0 ? t.size() : static_cast<std::size_t>(m.first_adl_step);
  std::string s =
      "<svg xmlns='http://www.w3.org/2000/svg' width='900' height='640' viewBox='0 0 900 640' "
      "font-family='Helvetica, Arial, sans-serif'>\n<rect width='900' height='640' fill='white'/>\n";
  s += "<text x='450' y='24' font-size='15' text-anchor='middle' font-weight='bold'>" + title + "</text>\n";
  s += panel(62, 150, "Price", {fundamental, mark}, first_adl);
  s += panel(256, 150, "Insurance fund (" + money_unit + ")", {fund}, first_adl);
  s += panel(450, 150, "Cumulative forced closes (" + money_unit + ")", {liq, adl}, first_adl);
  s += "<text x='480' y='632' font-size='11' text-anchor='middle'>step (dashed red line: first ADL)</text>\n";
  s += "</svg>\n";
  return s;
}

// --- the report ----------------------------------------------------------------------

template <class Rules>
int run(const Rules& rb, const scenario& sc, const options& opt) {
  const bool inverse = sc.inverse;
  const std::string unit = inverse ? "BTC" : "USDT";
  std::vector<price<N>> path;
  if (auto ok = sim::shock_path(sc.start, sc.shock, sc.ramp, sc.steps, path); !ok)
    usage_error(std::string("--shock: ") + std::string(ok.message()) + " (the fall must be below 100%)");

  quantity<N> long_oi{}, short_oi{};
  money<N> margin{};
  for (const auto& a : sc.accounts) {
    (a.side == side::long_ ? long_oi : short_oi) += a.size;
    margin += a.margin;
  }
  std::printf("solvency stress test: the deleveraging spiral\n\n");
  std::printf("Scenario\n");
  std::printf("  venue         %s\n", sc.venue_name.c_str());
  std::printf("  accounts      %s, %s\n", count(sc.accounts.size()).c_str(), sc.source.c_str());
  std::printf("  open interest %s long, %s short (%s); margin posted %s %s\n", fmt(long_oi.value(), 3).c_str(),
              fmt(short_oi.value(), 3).c_str(), inverse ? "USD contracts" : "BTC", fmt(margin.value()).c_str(),
              unit.c_str());
  std::printf("  shock         the price falls %s over %zu steps from %s, then holds; %zu steps\n",
              pct(sc.shock.value()).c_str(), sc.ramp, fmt(sc.start.value()).c_str(), sc.steps);
  std::printf("  impact        %s\n", sc.impact_text.c_str());
  std::printf("  fund          %s %s\n\n", fmt(sc.fund.value()).c_str(), unit.c_str());

  const auto accts = std::span<const sim::account_record<N>>(sc.accounts);
  const auto base = sim::simulate(make_config(rb, sc), accts, std::span<const price<N>>(path),
                                  progress_line{true && SOLVENCY_ISATTY(2) != 0, "baseline"});
  if (!base.ok()) {
    std::fprintf(stderr, "stress: the simulation stopped at step %zu: %s\n", base.failed_step,
                 std::string(message(base.error)).c_str());
    return 1;
  }
  const auto& t = base.timeline;
  const auto& m = base.metrics;

  std::printf("Timeline (every 20th step, and the steps where something first happened)\n");
  std::printf("  %5s %12s %12s %7s %16s %16s %6s %14s\n", "step", "exogenous", "mark", "liq", "liq notional", "fund",
              "adl", "adl notional");
  bool first_liq = false;
  for (const auto& r : t) {
    const bool event = (!first_liq && r.liquidations > 0) || r.step == m.first_adl_step || r.step == m.fund_exhausted_step;
    if (r.liquidations > 0) first_liq = true;
    if (r.step % 20 != 0 && !event && r.step + 1 != static_cast<std::int64_t>(t.size())) continue;
    std::printf("  %5lld %12s %12s %7u %16s %16s %6u %14s%s\n", static_cast<long long>(r.step),
                fmt(r.fundamental.value()).c_str(), fmt(r.mark.value()).c_str(), r.liquidations,
                fmt(r.liquidated_notional.value()).c_str(), fmt(r.fund.value()).c_str(), r.adl_count,
                fmt(r.adl_notional.value()).c_str(),
                r.step == m.first_adl_step ? "  <- first ADL" : (r.step == m.fund_exhausted_step ? "  <- fund exhausted" : ""));
  }
  std::printf("\nKey metrics\n");
  std::printf("  amplification         %sx  (exogenous move %s, total move %s)\n", fmt(m.amplification.value()).c_str(),
              pct(m.exogenous_move.value(), 2).c_str(), pct(m.total_move.value(), 2).c_str());
  std::printf("  lowest mark           %s  (exogenous low %s)\n", fmt(m.lowest_mark.value()).c_str(),
              fmt(path.back().value()).c_str());
  std::printf("  largest gap           %s of the start price between the mark and the exogenous price\n",
              pct(m.largest_gap.value(), 2).c_str());
  std::printf("  fund                  %s -> lowest %s -> end %s %s  (drawdown %s)\n", fmt(m.fund_start.value()).c_str(),
              fmt(m.fund_lowest.value()).c_str(), fmt(m.fund_end.value()).c_str(), unit.c_str(),
              pct(m.fund_drawdown.value()).c_str());
  std::printf("  fund exhausted at     %s\n", m.fund_exhausted_step < 0 ? "never" : ("step " + std::to_string(m.fund_exhausted_step)).c_str());
  std::printf("  first ADL at          %s\n", m.first_adl_step < 0 ? "never" : ("step " + std::to_string(m.first_adl_step)).c_str());
  std::printf("  accounts liquidated   %s of %s (%s orders, %s %s notional)\n", count(m.accounts_liquidated).c_str(),
              count(m.accounts).c_str(), count(m.liquidation_orders).c_str(), fmt(m.liquidated_notional.value()).c_str(),
              unit.c_str());
  std::printf("  accounts deleveraged  %s (%s %s notional closed by ADL)\n", count(m.accounts_deleveraged).c_str(),
              fmt(m.adl_notional.value()).c_str(), unit.c_str());
  std::printf("  uncovered loss        %s %s\n\n", fmt(m.uncovered.value()).c_str(), unit.c_str());

  // What the mitigations change: the same scenario with each policy on.
  auto cb = make_config(rb, sc);
  cb.breaker = {true, rate<N>{div<round::down>(from_int<N>(3), from_int<N>(100))}, 10, 15};
  const auto with_cb = sim::simulate(cb, accts, std::span<const price<N>>(path), progress_line{SOLVENCY_ISATTY(2) != 0, "circuit breaker"});
  auto dm = make_config(rb, sc);
  dm.margin = {true, 10, rate<N>{from_int<N>(200)}, rate<N>{div<round::down>(from_int<N>(1), from_int<N>(4))},
               rate<N>{from_int<N>(3)}};
  const auto with_dm = sim::simulate(dm, accts, std::span<const price<N>>(path), progress_line{SOLVENCY_ISATTY(2) != 0, "dynamic margin"});
  std::printf("Mitigations (the same accounts and shock)\n");
  std::printf("  %-46s %8s %12s %11s %11s %16s\n", "policy", "amplif.", "lowest mark", "liquidated", "deleveraged",
              "fund end");
  auto row = [&](const char* name, const sim::outcome<N>& o) {
    if (!o.ok()) {
      std::printf("  %-46s error: %s\n", name, std::string(message(o.error)).c_str());
      return;
    }
    const auto& x = o.metrics;
    std::printf("  %-46s %7sx %12s %11s %11s %16s\n", name, fmt(x.amplification.value()).c_str(),
                fmt(x.lowest_mark.value()).c_str(), count(x.accounts_liquidated).c_str(),
                count(x.accounts_deleveraged).c_str(), fmt(x.fund_end.value()).c_str());
  };
  row("none", base);
  row("circuit breaker (3% in 10 steps: halt 15)", with_cb);
  row("dynamic margin (MM x 1 + 200 x mean |return|)", with_dm);
  std::printf("\n");

  const std::string csv_path = opt.out + "/stress_timeline.csv";
  const std::string svg_path = opt.out + "/stress_chart.svg";
  write_file(csv_path, timeline_csv(t));
  write_file(svg_path, chart(t, m,
                             sc.venue_name + ": " + pct(sc.shock.value()) + " shock, " + count(sc.accounts.size()) +
                                 " accounts",
                             unit));
  std::printf("Wrote stress_timeline.csv (%zu steps) and stress_chart.svg\n", t.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const options opt = parse(argc, argv);
  scenario sc;
  sc.start = price<N>{from_int<N>(50'000)};
  sc.steps = opt.steps;
  if (sc.steps < 2) usage_error("--steps: at least 2");
  sc.ramp = std::min<std::size_t>(60, sc.steps - 1);
  sc.shock = rate<N>{parse_number("--shock", opt.shock)};
  if (!(sc.shock.value() < from_int<N>(1))) usage_error("--shock: a fall of 100% or more leaves no price (give a fraction below 1, e.g. 0.10)");
  sc.inverse = opt.venue == "bitmex";
  if (sc.inverse) sc.spec = venues::bitmex::xbtusd_contract<N>();

  // The book: 5.00 between levels, 400 levels a side (a 4% deep book), 0.4
  // BTC (20,000 USD contracts for an inverse market) per level, refilling 2%
  // of its depth per step.
  const N depth = !opt.depth.empty() ? parse_number("--depth", opt.depth)
                  : sc.inverse          ? from_int<N>(20'000)
                                        : div<round::down>(from_int<N>(4), from_int<N>(10));
  if (opt.impact == "book") {
    sc.impact.m = sim::order_book<N>{price_delta<N>{from_int<N>(5)}, quantity<N>{depth}, opt.levels,
                                     rate<N>{div<round::down>(from_int<N>(2), from_int<N>(100))}};
    sc.impact_text = "order book: " + count(opt.levels) + " levels a side, 5.00 apart, " + fmt(depth, sc.inverse ? 0 : 1) +
                     (sc.inverse ? " contracts" : " BTC") + " each, refilling 2% of depth per step";
  } else if (opt.impact == "linear") {
    const N slope = sc.inverse ? div<round::down>(from_int<N>(1), from_int<N>(4'000)) : from_int<N>(12);
    sc.impact.m = sim::linear_impact<N>{price_delta<N>{slope}, rate<N>{div<round::down>(from_int<N>(2), from_int<N>(100))}};
    sc.impact_text = "linear: " + exact(slope) + " per unit sold, 2% recovered per step";
  } else if (opt.impact == "sqrt") {
    const N scale = sc.inverse ? from_int<N>(10'000'000) : from_int<N>(200);
    sc.impact.m = sim::sqrt_impact<N>{rate<N>{div<round::down>(from_int<N>(1), from_int<N>(100))}, quantity<N>{scale},
                                      rate<N>{div<round::down>(from_int<N>(2), from_int<N>(100))}};
    sc.impact_text = "square root: 1% x price x sqrt(size / " + exact(scale) + "), 2% recovered per step";
  } else {
    usage_error("--impact: '" + opt.impact + "' is not one of book, linear, sqrt");
  }
  if (auto ok = sc.impact.validate(); !ok) usage_error(std::string("impact parameters: ") + std::string(ok.message()));

  if (!opt.positions.empty()) {
    std::ifstream f(opt.positions, std::ios::binary);
    if (!f) usage_error("--positions: cannot read " + opt.positions);
    std::stringstream ss;
    ss << f.rdbuf();
    const auto e = sim::load_positions<N>(ss.str(), sc.accounts);
    if (!e.ok()) usage_error(opt.positions + ": " + e.describe());
    if (sc.accounts.empty()) usage_error(opt.positions + ": no accounts");
    sc.source = "loaded from " + opt.positions;
  } else {
    if (opt.accounts == 0 || opt.accounts % 2 != 0) usage_error("--accounts: an even number above zero");
    sim::population_params<N> p{};
    p.accounts = opt.accounts;
    p.seed = opt.seed;
    p.mark = sc.start;
    p.spec = sc.spec;
    if (sc.inverse) p.lot = quantity<N>{from_int<N>(50)};
    if (auto ok = sim::generate(p, sc.accounts); !ok) usage_error(std::string("population: ") + std::string(ok.message()));
    sc.source = "generated (seed " + std::to_string(opt.seed) + "): leverage mostly 5-25x, a tail to 100x";
  }
  if (!opt.dump.empty()) write_file(opt.dump, sim::to_csv<N>(sc.accounts));

  // The default fund: 0.05% of the open interest's value at the start (a
  // thin fund, so the built-in scenario shows the whole waterfall).
  if (!opt.fund.empty()) {
    sc.fund = money<N>{parse_number("--fund", opt.fund)};
    if (sc.fund.value() < N{}) usage_error("--fund: must not be negative");
  } else {
    money<N> v{};
    for (const auto& a : sc.accounts)
      if (a.side == side::long_) v += position_value<round::down>(position<N>{a.side, a.size, a.entry, sc.spec}, sc.start);
    sc.fund = money<N>{round_to_multiple<round::down>(mul<round::down>(v.value(), div<round::down>(from_int<N>(5), from_int<N>(10'000))),
                                                       sc.inverse ? div<round::down>(from_int<N>(1), from_int<N>(100)) : from_int<N>(1))};
  }

  const rate<N> fee{div<round::down>(from_int<N>(5), from_int<N>(10'000))};
  const std::string& v = opt.venue;
  if (v == "binance") return sc.venue_name = "Binance USD-M BTCUSDT (2021 brackets)", run(venues::binance_usdm::btcusdt<N>(), sc, opt);
  if (v == "bybit") return sc.venue_name = "Bybit BTCUSDT (classic)", run(venues::bybit_linear::btcusdt_classic<N>(), sc, opt);
  if (v == "bybit-uta") return sc.venue_name = "Bybit BTCUSDT (unified account)", run(venues::bybit_linear::btcusdt_unified<N>(venues::bybit_linear::example_taker_fee<N>()), sc, opt);
  if (v == "okx") return sc.venue_name = "OKX (1INCH-USDT-SWAP tiers)", run(venues::okx::one_inch_usdt<N>(fee), sc, opt);
  if (v == "hyperliquid") return sc.venue_name = "Hyperliquid BTC", run(venues::hyperliquid::btc<N>(), sc, opt);
  if (v == "dydx") return sc.venue_name = "dYdX v4 (large-cap)", run(venues::dydx::make_rulebook(venues::dydx::large_cap<N>()), sc, opt);
  if (v == "deribit") return sc.venue_name = "Deribit BTC_USDC", run(venues::deribit::btc_usdc<N>(), sc, opt);
  if (v == "bitmex") return sc.venue_name = "BitMEX XBTUSD (inverse)", run(venues::bitmex::xbtusd<N>(), sc, opt);
  usage_error("--venue: '" + v + "' is not one of binance bybit bybit-uta okx hyperliquid dydx deribit bitmex");
}
