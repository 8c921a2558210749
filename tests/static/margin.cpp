// Static tests for solvency/margin: nothing here runs; it passes by compiling.
#include <solvency/margin/collateral.hpp>
#include <solvency/margin/models.hpp>
#include <solvency/margin/modes.hpp>
#include <solvency/margin/requirements.hpp>
#include <solvency/margin/tier_table.hpp>

#include <array>
#include <cstddef>
#include <type_traits>

namespace {
using namespace solvency;
using namespace solvency::literals;

constexpr tier_row<dec> row(dec cap, dec mmr, dec imr, dec lev) {
  return {cap, rate{mmr}, rate{imr}, rate{lev}, money<dec>{}, false};
}

constexpr auto table = make_tier_table(std::array{row(100.0_dec, 0.01_dec, 0.02_dec, 50.0_dec),
                                                  row(200.0_dec, 0.02_dec, 0.04_dec, 25.0_dec)})
                           .value();
constexpr auto other = make_tier_table(std::array{row(100.0_dec, 0.01_dec, 0.02_dec, 50.0_dec)}).value();

// ===== a tier table is a value usable as a template argument =====
template <auto T>
struct holds {
  static constexpr auto value = T;
};
static_assert(holds<table>::value.rows[1].deduction == money{1.0_dec});
static_assert(std::is_same_v<decltype(table), const fixed_tier_table<dec, 2>>);
static_assert(!std::is_same_v<static_tiered_with_deduction<table>, static_tiered_with_deduction<other>>);
static_assert(std::is_empty_v<static_tiered_with_deduction<table>>);  // the table lives in the type

// ===== every model satisfies the concept, for both number types =====
static_assert(MarginModel<static_tiered_with_deduction<table>>);
static_assert(MarginModel<static_tiered_whole_position<table>>);
static_assert(MarginModel<tiered_with_deduction<dec>> && MarginModel<tiered_with_deduction<double>>);
static_assert(MarginModel<tiered_whole_position<dec>> && MarginModel<tiered_whole_position<double>>);
static_assert(MarginModel<flat_margin<dec>> && MarginModel<stepped_risk_limit<double>>);
static_assert(MarginModel<size_linear_margin<dec>> && MarginModel<oi_scaled_margin<double>>);
static_assert(!MarginModel<int> && !MarginModel<margin_tier<dec>> && !MarginModel<tier_table_view<dec>>);
static_assert(std::is_same_v<static_tiered_with_deduction<table>::number_type, dec>);

// ===== default bases =====
static_assert(static_tiered_with_deduction<table>{}.basis() == tier_basis::notional);
static_assert(static_tiered_whole_position<table>{}.basis() == tier_basis::size);
static_assert(static_tiered_whole_position<table, tier_basis::notional>{}.basis() == tier_basis::notional);
static_assert(tiered_whole_position<dec>{}.basis() == tier_basis::size);
static_assert(size_linear_margin<dec>{}.basis() == tier_basis::size);

// ===== lookups at compile time; deduction only in the deduction model =====
constexpr margin_input<dec> at150{quantity{1.0_dec}, money{150.0_dec}};
static_assert(static_tiered_with_deduction<table>{}.tier_for(at150)->deduction == money{1.0_dec});
static_assert(static_tiered_whole_position<table, tier_basis::notional>{}.tier_for(at150)->deduction ==
              money{0.0_dec});
static_assert(maintenance_margin(static_tiered_with_deduction<table>{}, at150).value() == money{2.0_dec});
static_assert(maintenance_margin(static_tiered_whole_position<table, tier_basis::notional>{}, at150).value() ==
              money{3.0_dec});

// ===== a bad table is an error value, at compile time too =====
static_assert(make_tier_table(std::array{row(100.0_dec, 0.02_dec, 0.04_dec, 25.0_dec),
                                         row(200.0_dec, 0.01_dec, 0.02_dec, 50.0_dec)})
                  .error() == errc::table_not_increasing);
static_assert(make_tier_table(std::array<tier_row<dec>, 0>{}).error() == errc::empty_table);

// ===== views are not template arguments, and cannot be made unchecked =====
static_assert(!std::is_constructible_v<tier_table_view<dec>, std::span<const tier_row<dec>>, cap_rule>);
static_assert(std::is_trivially_copyable_v<tier_table_view<dec>>);

// ===== account models: one model, or a callable per position =====
struct by_index {
  constexpr const flat_margin<dec>& operator()(std::size_t) const noexcept { return m; }
  flat_margin<dec> m;
};
static_assert(AccountModels<flat_margin<dec>, dec>);
static_assert(AccountModels<by_index, dec>);
static_assert(AccountModels<per_position_models<flat_margin<dec>>, dec>);
static_assert(!AccountModels<flat_margin<double>, dec>);  // the number types must agree
static_assert(!AccountModels<int, dec>);

// ===== results carry the strong kinds =====
static_assert(std::is_same_v<decltype(maintenance_margin(flat_margin<dec>{}, margin_input<dec>{})),
                             result<money<dec>>>);
static_assert(std::is_same_v<decltype(max_leverage(flat_margin<dec>{}, margin_input<dec>{})), result<rate<dec>>>);
static_assert(std::is_same_v<decltype(collateral_value(collateral_asset<dec>{})), result<money<dec>>>);
}  // namespace
