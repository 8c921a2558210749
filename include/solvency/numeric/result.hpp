// solvency/numeric/result.hpp: a value or the error that prevented it.
//
// `std::expected` is C++23; this is the small constexpr subset the library
// needs. Expected failures (bad input, no solution, overflow) are values of
// this type, never exceptions: every header builds with -fno-exceptions.
//
//   result<decimal<8>> r = decimal<8>::parse<round::down>("12.5");
//   if (!r) std::puts(message(r.error()).data());
//
// Reading `value()` of a failed result is a precondition violation: it does
// not compile in a constant expression and aborts at run time, so it is never
// undefined behaviour.
#ifndef SOLVENCY_NUMERIC_RESULT_HPP
#define SOLVENCY_NUMERIC_RESULT_HPP

#include <solvency/config.hpp>
#include <solvency/numeric/errc.hpp>

#include <cstdlib>
#include <string_view>
#include <type_traits>
#include <utility>

namespace solvency::inline v1 {

namespace detail {
// Not constexpr on purpose: reaching it during constant evaluation is a
// compile error that points here; at run time it stops the program.
[[noreturn]] inline void precondition_failed(const char* /*what*/) noexcept { std::abort(); }
}  // namespace detail

#define SOLVENCY_PRECONDITION(cond, what) \
  ((cond) ? void(0) : ::solvency::detail::precondition_failed(what))

/// The error half of a result, convertible to any `result<T>`.
struct failure {
  errc code;
};

template <class T>
class [[nodiscard]] result {
  static_assert(std::is_default_constructible_v<T> && std::is_trivially_destructible_v<T>,
                "result<T> holds small literal value types");

 public:
  using value_type = T;

  constexpr result(T value) noexcept(std::is_nothrow_move_constructible_v<T>)  // NOLINT: implicit by design
      : value_(std::move(value)) {}
  constexpr result(failure f) noexcept : error_(f.code) {}  // NOLINT: implicit by design

  [[nodiscard]] constexpr bool has_value() const noexcept { return error_ == errc{}; }
  constexpr explicit operator bool() const noexcept { return has_value(); }

  [[nodiscard]] constexpr const T& value() const& noexcept {
    SOLVENCY_PRECONDITION(has_value(), "result::value() on an error");
    return value_;
  }
  [[nodiscard]] constexpr T& value() & noexcept {
    SOLVENCY_PRECONDITION(has_value(), "result::value() on an error");
    return value_;
  }
  [[nodiscard]] constexpr const T& operator*() const& noexcept { return value(); }
  [[nodiscard]] constexpr const T* operator->() const noexcept { return &value(); }

  [[nodiscard]] constexpr T value_or(T fallback) const noexcept {
    return has_value() ? value_ : fallback;
  }

  /// The error code; meaningful only when `!has_value()`.
  [[nodiscard]] constexpr errc error() const noexcept { return error_; }
  /// A readable description of the error, or "ok".
  [[nodiscard]] constexpr std::string_view message() const noexcept {
    return has_value() ? std::string_view{"ok"} : solvency::message(error_);
  }

  /// Apply `f` to the value, or pass the error on.
  template <class F>
  constexpr auto transform(F&& f) const -> result<std::invoke_result_t<F, const T&>> {
    if (!has_value()) return failure{error_};
    return std::forward<F>(f)(value_);
  }
  /// Apply `f` (which returns a result) to the value, or pass the error on.
  template <class F>
  constexpr auto and_then(F&& f) const -> std::invoke_result_t<F, const T&> {
    if (!has_value()) return failure{error_};
    return std::forward<F>(f)(value_);
  }

  friend constexpr bool operator==(const result& a, const result& b) noexcept {
    if (a.has_value() != b.has_value()) return false;
    return a.has_value() ? bool(a.value_ == b.value_) : a.error_ == b.error_;
  }
  friend constexpr bool operator==(const result& a, failure f) noexcept {
    return !a.has_value() && a.error_ == f.code;
  }

 private:
  T value_{};
  errc error_{};
};

/// A result that carries no value: success or an error.
template <>
class [[nodiscard]] result<void> {
 public:
  constexpr result() noexcept = default;
  constexpr result(failure f) noexcept : error_(f.code) {}  // NOLINT: implicit by design
  [[nodiscard]] constexpr bool has_value() const noexcept { return error_ == errc{}; }
  constexpr explicit operator bool() const noexcept { return has_value(); }
  [[nodiscard]] constexpr errc error() const noexcept { return error_; }
  [[nodiscard]] constexpr std::string_view message() const noexcept {
    return has_value() ? std::string_view{"ok"} : solvency::message(error_);
  }
  friend constexpr bool operator==(const result& a, failure f) noexcept {
    return !a.has_value() && a.error_ == f.code;
  }

 private:
  errc error_{};
};

}  // namespace solvency::inline v1

#endif  // SOLVENCY_NUMERIC_RESULT_HPP
