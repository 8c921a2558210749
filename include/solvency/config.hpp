// solvency/config.hpp: language check, namespace and platform macros.
//
// Every public header includes this one first, so a consumer that compiles
// with a standard older than C++20 gets one clear line instead of a wall of
// template errors.
#ifndef SOLVENCY_CONFIG_HPP
#define SOLVENCY_CONFIG_HPP

#if defined(_MSVC_LANG)
#define SOLVENCY_CPLUSPLUS _MSVC_LANG
#else
#define SOLVENCY_CPLUSPLUS __cplusplus
#endif

#if SOLVENCY_CPLUSPLUS < 202002L
#error "solvency requires C++20 (compile with -std=c++20 or link solvency::solvency, which sets cxx_std_20)"
// GCC and Clang go on after #error; a missing include is fatal, so this one
// line is all the user sees.
#include <solvency/requires_cxx20__compilation_stops_here>
#endif

// 128-bit intermediates. GCC and Clang provide __int128 on 64-bit targets; MSVC
// has none. Defining SOLVENCY_FORCE_SOFT_INT128 selects the portable two-halves
// implementation everywhere (the test suite builds once with it forced on).
#if !defined(SOLVENCY_FORCE_SOFT_INT128) && defined(__SIZEOF_INT128__)
#define SOLVENCY_HAS_NATIVE_INT128 1
#else
#define SOLVENCY_HAS_NATIVE_INT128 0
#endif

// A function on a per-holder or per-position hot path that must be inlined
// into its loop whatever the compiler's size heuristics decide (GCC and
// Clang; elsewhere a plain inline hint).
#if defined(__GNUC__) || defined(__clang__)
#define SOLVENCY_HOT [[gnu::always_inline]] inline
#else
#define SOLVENCY_HOT inline
#endif

// A hint to fetch the cache line at address `p` (a random access a loop
// will make a few iterations on): __builtin_prefetch with GCC and Clang,
// nothing elsewhere. Callers skip it in constant evaluation.
#if defined(__GNUC__) || defined(__clang__)
#define SOLVENCY_PREFETCH(p) __builtin_prefetch(p)
#else
#define SOLVENCY_PREFETCH(p) ((void)(p))
#endif

#endif  // SOLVENCY_CONFIG_HPP
