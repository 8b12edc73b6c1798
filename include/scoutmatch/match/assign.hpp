#pragma once
/// \file assign.hpp
/// Two-sided assignment of a whole group: companies to research partners with
/// capacities, maximising the total mutual relevance (relevance.hpp).
///
///     sm::AssignOptions opt;
///     opt.partner_capacity = 3;   // each group takes at most 3 companies
///     opt.per_company = 1;        // each company gets one partner
///     sm::Assignment a = sm::assign(index, companies, partners, opt);
///
/// Methods:
/// - `flow` (default): exact maximum-weight assignment under the capacities, by min-cost
///   flow (successive shortest paths with Dijkstra and potentials). With
///   `candidates` = L > 0 only the pairs among a company's L most relevant partners or a
///   partner's L * capacity most relevant companies are considered; the result is then
///   exact on that restricted graph (on the 2000 x 300 benchmark L = 50 gives the same
///   total as the full graph in half the time; L = 20 loses 0.5%).
/// - `stable`: company-proposing deferred acceptance (hospitals/residents with
///   capacities; a company with per_company = m holds up to m partners). No company and
///   partner would both rather be matched with each other than with what they got.
/// - `greedy`: the baseline: each company in turn (in input order) takes its best
///   partners that still have capacity.
/// Only pairs with relevance > 0 are ever assigned.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scoutmatch/match/index.hpp"
#include "scoutmatch/match/relevance.hpp"

namespace scoutmatch {

/// How assign() chooses the pairs.
enum class AssignMethod : std::uint8_t {
  flow = 0,    ///< exact maximum total relevance (min-cost flow)
  stable = 1,  ///< stable matching, company-proposing deferred acceptance
  greedy = 2,  ///< first come first served, companies in input order
};

/// "flow", "stable" or "greedy".
constexpr std::string_view to_string(AssignMethod m) noexcept {
  return m == AssignMethod::flow ? "flow" : m == AssignMethod::stable ? "stable" : "greedy";
}

/// Capacities and method of an assignment.
struct AssignOptions {
  /// Companies each partner takes at most, 1..1,000,000. Default 3.
  std::size_t partner_capacity = 3;
  /// Per-partner capacities overriding partner_capacity, one per partner (each
  /// 0..1,000,000; 0 = takes nobody). Empty (default) = partner_capacity for all.
  std::vector<std::size_t> partner_capacities;
  /// Partners each company gets at most, 1..1,000,000. Default 1.
  std::size_t per_company = 1;
  /// Method. Default AssignMethod::flow.
  AssignMethod method = AssignMethod::flow;
  /// flow only: consider only each company's `candidates` most relevant partners and each
  /// partner's candidates * capacity most relevant companies (0 = all pairs, exact on the
  /// full problem). Default 0. See the file comment.
  std::size_t candidates = 0;
  /// RelevanceOptions for the Index form of assign().
  RelevanceOptions relevance;

  /// Throws invalid_argument [scoutmatch.assign.1] for a capacity out of range.
  void validate() const;
};

/// One assigned pair.
struct AssignedPair {
  std::uint32_t company = 0;  ///< row of the relevance matrix (index into the companies)
  std::uint32_t partner = 0;  ///< column (index into the partners)
  double relevance = 0;       ///< its mutual relevance, > 0
};

/// The result of assign().
struct Assignment {
  std::vector<AssignedPair> pairs;   ///< by company, then by decreasing relevance
  double total_relevance = 0;        ///< sum of the pairs' relevance
  std::size_t companies = 0;         ///< number of companies
  std::size_t companies_placed = 0;  ///< companies with at least one partner
  /// companies_placed / companies (0 when there are no companies).
  double placed_share() const {
    return companies ? static_cast<double>(companies_placed) / static_cast<double>(companies) : 0;
  }
};

/// Assigns companies (rows of `relevance`) to partners (columns). Throws
/// invalid_argument [scoutmatch.assign.1] for bad options, [scoutmatch.assign.2] when
/// partner_capacities does not have one entry per column or the matrix is malformed (size,
/// negative or non-finite values).
Assignment assign(const RelevanceMatrix& relevance, const AssignOptions& options = {});

/// Assigns the profiles `companies` to the profiles `partners` of `index` (ids), with the
/// mutual relevance of mutual_relevance(). Throws like the matrix form, not_found
/// [scoutmatch.assign.3] for an id the index does not hold, invalid_argument
/// [scoutmatch.assign.4] for a duplicate id within one list or an empty list.
Assignment assign(const Index& index, std::span<const std::string> companies,
                  std::span<const std::string> partners, const AssignOptions& options = {});

}  // namespace scoutmatch
