// solvency/core/ledger.hpp: who paid what to whom, exactly.
//
// Types in this header:
//
//   party_kind      the roles money moves between: a trader, an ADL
//                   counterparty, an insurance fund, a fee pool, a default
//                   fund, a clearing member, the clearing house, the holders
//                   of open interest, the loss being covered, the dust party
//   party           a role and an id (account, fund, member or market id)
//   transfer_reason why a transfer happened (margin, fund draw, fee, ...)
//   transfer<N>     one movement of a non-negative amount from one party to
//                   another
//   ledger<N>       an append-only record of transfers over caller-owned
//                   memory: no allocation, a clear error when it is full
//   ledger_buffer<N, Capacity>  a ledger with its own inline storage
//
// The ledger lives in core/ rather than waterfall/ because the liquidation
// settlement (fees and surplus), the waterfall, ADL and the simulator all
// record into it, and data flows one way (core -> ... -> waterfall / adl).
//
// Every movement of money in the waterfall, the liquidation settlement and
// ADL is a transfer in a ledger, never a write-off: an insurance-fund draw is
// a transfer from the fund to the loss, a haircut is a transfer from a winner
// to the loss. Since each transfer has a payer and a payee, the ledger's nets
// sum to zero by construction; `net(p)` tells what one party gained or lost.
//
//   ledger_buffer<dec, 16> buf;
//   auto& l = buf.ledger();
//   l.record({party::insurance_fund(0), party::loss(7), money{50.0_dec},
//             transfer_reason::fund_draw});
//   l.paid_to(party::loss(7));   // 50
#ifndef SOLVENCY_CORE_LEDGER_HPP
#define SOLVENCY_CORE_LEDGER_HPP

#include <solvency/config.hpp>
#include <solvency/core/quantities.hpp>
#include <solvency/numeric/errc.hpp>
#include <solvency/numeric/number.hpp>
#include <solvency/numeric/result.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace solvency::inline v1 {

/// The roles money moves between.
enum class party_kind : std::uint8_t {
  trader,          ///< the account being liquidated (id: account id)
  counterparty,    ///< an account closed by ADL or haircut by socialisation (id: account id)
  insurance_fund,  ///< an insurance fund (id: the fund's id, e.g. a market id, or a shared-pool id)
  fee_pool,        ///< a pool of collected fees (id: pool id)
  default_fund,    ///< a clearing-house default fund (id: fund id)
  member,          ///< a clearing member: default-fund contribution or assessment (id: member id)
  clearing_house,  ///< the house's own capital ("skin in the game") (id: house id)
  open_interest,   ///< all holders of open interest, charged through a funding index (id: market id)
  loss,            ///< the deficit being covered: the exchange's settlement of the bankrupt close (id: account id)
  dust,            ///< the named party that receives rounding remainders (id: chosen by the host)
  liquidator,      ///< the party that takes over or executes a liquidation: backstop vault, liquidity pool (id: its id)
};

[[nodiscard]] constexpr std::string_view name(party_kind k) noexcept {
  switch (k) {
    case party_kind::trader: return "trader";
    case party_kind::counterparty: return "counterparty";
    case party_kind::insurance_fund: return "insurance_fund";
    case party_kind::fee_pool: return "fee_pool";
    case party_kind::default_fund: return "default_fund";
    case party_kind::member: return "member";
    case party_kind::clearing_house: return "clearing_house";
    case party_kind::open_interest: return "open_interest";
    case party_kind::loss: return "loss";
    case party_kind::dust: return "dust";
    case party_kind::liquidator: return "liquidator";
  }
  return "invalid";
}

/// A role and the id that tells its holders apart.
struct party {
  party_kind kind = party_kind::loss;
  std::uint64_t id = 0;

  [[nodiscard]] friend constexpr bool operator==(party, party) noexcept = default;

  [[nodiscard]] static constexpr party trader(std::uint64_t id) noexcept { return {party_kind::trader, id}; }
  [[nodiscard]] static constexpr party counterparty(std::uint64_t id) noexcept { return {party_kind::counterparty, id}; }
  [[nodiscard]] static constexpr party insurance_fund(std::uint64_t id) noexcept { return {party_kind::insurance_fund, id}; }
  [[nodiscard]] static constexpr party fee_pool(std::uint64_t id) noexcept { return {party_kind::fee_pool, id}; }
  [[nodiscard]] static constexpr party default_fund(std::uint64_t id) noexcept { return {party_kind::default_fund, id}; }
  [[nodiscard]] static constexpr party member(std::uint64_t id) noexcept { return {party_kind::member, id}; }
  [[nodiscard]] static constexpr party clearing_house(std::uint64_t id) noexcept { return {party_kind::clearing_house, id}; }
  [[nodiscard]] static constexpr party open_interest(std::uint64_t id) noexcept { return {party_kind::open_interest, id}; }
  [[nodiscard]] static constexpr party loss(std::uint64_t id) noexcept { return {party_kind::loss, id}; }
  [[nodiscard]] static constexpr party dust(std::uint64_t id) noexcept { return {party_kind::dust, id}; }
  [[nodiscard]] static constexpr party liquidator(std::uint64_t id) noexcept { return {party_kind::liquidator, id}; }
};

/// Why a transfer happened.
enum class transfer_reason : std::uint8_t {
  margin,            ///< the trader's remaining margin applied to the loss
  surplus,           ///< what a close better than bankruptcy left over, to whoever the venue gives it
  liquidation_fee,   ///< a liquidation or clearance fee
  fund_draw,         ///< an insurance fund paying toward a loss
  fee_pool_draw,     ///< a fee pool paying toward a loss
  default_fund,      ///< a default-fund contribution applied to a loss
  assessment,        ///< a member assessment beyond its contribution
  house_capital,     ///< the clearing house's own capital
  adl,               ///< a counterparty closed by ADL giving up gains
  socialized_loss,   ///< a haircut of winners' gains, equity or open interest
  rounding_dust,     ///< the remainder of a pro-rata split
  takeover,          ///< a position and its margin handed to a liquidator or backstop
};

[[nodiscard]] constexpr std::string_view name(transfer_reason r) noexcept {
  switch (r) {
    case transfer_reason::margin: return "margin";
    case transfer_reason::surplus: return "surplus";
    case transfer_reason::liquidation_fee: return "liquidation_fee";
    case transfer_reason::fund_draw: return "fund_draw";
    case transfer_reason::fee_pool_draw: return "fee_pool_draw";
    case transfer_reason::default_fund: return "default_fund";
    case transfer_reason::assessment: return "assessment";
    case transfer_reason::house_capital: return "house_capital";
    case transfer_reason::adl: return "adl";
    case transfer_reason::socialized_loss: return "socialized_loss";
    case transfer_reason::rounding_dust: return "rounding_dust";
    case transfer_reason::takeover: return "takeover";
  }
  return "invalid";
}

/// One movement of money. `amount` is never negative: direction is from
/// `from` to `to`.
template <Number N>
struct transfer {
  party from{};
  party to{};
  money<N> amount{};
  transfer_reason reason = transfer_reason::margin;

  [[nodiscard]] friend constexpr bool operator==(const transfer&, const transfer&) noexcept = default;
};

/// An append-only record of transfers in caller-owned memory.
///
/// `record` refuses (and records nothing) when the amount is negative
/// (`negative_amount`), an error value (the value's own error: overflow,
/// not_a_number, ...), or when there is no room (`ledger_full`). A zero amount
/// is accepted and not stored, so stages can record unconditionally.
template <Number N>
class ledger {
 public:
  constexpr ledger() noexcept = default;
  constexpr explicit ledger(std::span<transfer<N>> storage) noexcept : buf_(storage) {}

  [[nodiscard]] constexpr result<void> record(const transfer<N>& t) noexcept {
    if (!is_valid(t.amount.value())) return failure{error_of(t.amount.value())};
    if (t.amount.value() < N{}) return failure{errc::negative_amount};
    if (t.amount.value() == N{}) return {};
    if (size_ == buf_.size()) return failure{errc::ledger_full};
    buf_[size_++] = t;
    return {};
  }

  /// The transfers recorded so far, in order.
  [[nodiscard]] constexpr std::span<const transfer<N>> entries() const noexcept { return buf_.first(size_); }
  [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
  [[nodiscard]] constexpr std::size_t capacity() const noexcept { return buf_.size(); }
  [[nodiscard]] constexpr bool empty() const noexcept { return size_ == 0; }
  /// Forget every entry (the storage is reused).
  constexpr void clear() noexcept { size_ = 0; }
  /// Forget the entries after the first `n` (to undo a step that failed).
  constexpr void truncate(std::size_t n) noexcept {
    if (n < size_) size_ = n;
  }

  /// Sum of every amount paid to `p`.
  [[nodiscard]] constexpr money<N> paid_to(party p) const noexcept {
    money<N> s{};
    for (const auto& t : entries())
      if (t.to == p) s += t.amount;
    return s;
  }
  /// Sum of every amount paid by `p`.
  [[nodiscard]] constexpr money<N> paid_by(party p) const noexcept {
    money<N> s{};
    for (const auto& t : entries())
      if (t.from == p) s += t.amount;
    return s;
  }
  /// What `p` gained (positive) or gave (negative) over the whole ledger.
  [[nodiscard]] constexpr money<N> net(party p) const noexcept { return paid_to(p) - paid_by(p); }
  /// Sum of every amount paid to any party of kind `k`.
  [[nodiscard]] constexpr money<N> paid_to(party_kind k) const noexcept {
    money<N> s{};
    for (const auto& t : entries())
      if (t.to.kind == k) s += t.amount;
    return s;
  }
  /// Sum of every amount paid by any party of kind `k`.
  [[nodiscard]] constexpr money<N> paid_by(party_kind k) const noexcept {
    money<N> s{};
    for (const auto& t : entries())
      if (t.from.kind == k) s += t.amount;
    return s;
  }
  /// Sum of every amount recorded with reason `r`.
  [[nodiscard]] constexpr money<N> total(transfer_reason r) const noexcept {
    money<N> s{};
    for (const auto& t : entries())
      if (t.reason == r) s += t.amount;
    return s;
  }

 private:
  std::span<transfer<N>> buf_{};
  std::size_t size_ = 0;
};

/// A ledger with its own storage for `Capacity` transfers. Not copyable or
/// movable: the ledger refers to the storage beside it.
template <Number N, std::size_t Capacity>
class ledger_buffer {
 public:
  constexpr ledger_buffer() noexcept : ledger_(std::span<transfer<N>>(storage_)) {}
  ledger_buffer(const ledger_buffer&) = delete;
  ledger_buffer& operator=(const ledger_buffer&) = delete;

  [[nodiscard]] constexpr solvency::ledger<N>& ledger() noexcept { return ledger_; }
  [[nodiscard]] constexpr const solvency::ledger<N>& ledger() const noexcept { return ledger_; }

 private:
  std::array<transfer<N>, Capacity> storage_{};
  solvency::ledger<N> ledger_;
};

}  // namespace solvency::inline v1

#endif  // SOLVENCY_CORE_LEDGER_HPP
