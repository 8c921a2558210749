// Tests for solvency/waterfall/presets.hpp: the clearing-house waterfall on
// a fixed default, its ledger checked line by line against amounts worked
// out by hand in the comments.
#include <solvency/waterfall/presets.hpp>

#include "check.hpp"

#include <array>

using namespace solvency;
using namespace solvency::literals;
using namespace solvency::waterfall;

namespace {
constexpr dec d(std::int64_t v) { return dec::from_int(v); }
}  // namespace

TEST_CASE("clearing house: defaulter, house, survivors, assessments, VM gains haircut") {
  // Member 9 defaults with a loss of 10,000.
  //   1. its margin: 1,000                                  -> 9,000 left
  //   2. its default-fund contribution: 500                 -> 8,500 left
  //   3. house capital (skin in the game): 1,500            -> 7,000 left
  //   4. survivors' fund: members 1, 2, 3 with 1,000, 2,000, 1,000 = 4,000,
  //      all of it                                          -> 3,000 left
  //   5. assessments: limits 2,000 and 4,000 (members 1, 2) = 6,000 > 3,000:
  //      pro rata 3,000 x 2/6 = 1,000 and 3,000 x 4/6 = 2,000   -> 0 left
  //   6. VM gains haircut: not reached
  std::array<stake<dec>, 1> defaulter{{{9, money{d(500)}}}};
  std::array<stake<dec>, 3> survivors{{{1, money{d(1000)}}, {2, money{d(2000)}}, {3, money{d(1000)}}}};
  std::array<stake<dec>, 2> calls{{{1, money{d(2000)}}, {2, money{d(4000)}}}};
  std::array<stake<dec>, 1> gains{{{77, money{d(100'000)}}}};
  auto ccp = clearing_house_waterfall<dec>(money{d(1000)}, defaulter, {.id = 0, .balance = money{d(1500)}}, survivors,
                                           calls, gains, party::clearing_house(0));
  ledger_buffer<dec, 32> buf;
  auto r = ccp.absorb(loss_event<dec>{.trader = 9, .deficit = money{d(10'000)}}, buf.ledger());
  REQUIRE(r);
  CHECK(r->absorbed == money{d(10'000)});
  CHECK(r->remainder == money<dec>{});
  CHECK(r->stages_run == 5);
  const auto e = buf.ledger().entries();
  REQUIRE(e.size() == 8);
  const party loss = party::loss(9);
  CHECK(e[0] == transfer<dec>{party::trader(9), loss, money{d(1000)}, transfer_reason::margin});
  CHECK(e[1] == transfer<dec>{party::member(9), loss, money{d(500)}, transfer_reason::default_fund});
  CHECK(e[2] == transfer<dec>{party::clearing_house(0), loss, money{d(1500)}, transfer_reason::house_capital});
  CHECK(e[3] == transfer<dec>{party::member(1), loss, money{d(1000)}, transfer_reason::default_fund});
  CHECK(e[4] == transfer<dec>{party::member(2), loss, money{d(2000)}, transfer_reason::default_fund});
  CHECK(e[5] == transfer<dec>{party::member(3), loss, money{d(1000)}, transfer_reason::default_fund});
  CHECK(e[6] == transfer<dec>{party::member(1), loss, money{d(1000)}, transfer_reason::assessment});
  CHECK(e[7] == transfer<dec>{party::member(2), loss, money{d(2000)}, transfer_reason::assessment});
  CHECK(calls[0].amount == money{d(1000)});
  CHECK(calls[1].amount == money{d(2000)});
  CHECK(gains[0].amount == money{d(100'000)});
  CHECK(ccp.stage<2>().balance == money<dec>{});

  // A second default of 20,000 by member 3 (margin 0, its contribution is
  // spent): house 0, survivors 0, assessments 3,000 left (1,000 + 2,000, all),
  // then the VM gains haircut: 17,000 from the one winner.
  ccp.stage<0>().available = money<dec>{};
  buf.ledger().clear();
  auto r2 = ccp.absorb(loss_event<dec>{.trader = 3, .deficit = money{d(20'000)}}, buf.ledger());
  REQUIRE(r2);
  CHECK(r2->absorbed == money{d(20'000)});
  CHECK(r2->by_stage[4] == money{d(3000)});
  CHECK(r2->by_stage[5] == money{d(17'000)});
  const auto e2 = buf.ledger().entries();
  REQUIRE(e2.size() == 3);
  CHECK(e2[0] == transfer<dec>{party::member(1), party::loss(3), money{d(1000)}, transfer_reason::assessment});
  CHECK(e2[1] == transfer<dec>{party::member(2), party::loss(3), money{d(2000)}, transfer_reason::assessment});
  CHECK(e2[2] == transfer<dec>{party::counterparty(77), party::loss(3), money{d(17'000)}, transfer_reason::socialized_loss});
  CHECK(gains[0].amount == money{d(83'000)});
}
