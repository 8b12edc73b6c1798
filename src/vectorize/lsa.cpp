// LsaModel: randomized truncated SVD of the BM25 document-term matrix (see lsa.hpp).
//
// With A the n x t matrix of document weights sat(t,d) * sqrt(idf(t)) (so that A A^T holds the
// BM25 scores between profiles, which the low-rank space approximates), Omega a t x l Gaussian matrix (l = dims +
// oversample):  Y = A Omega;  repeat q times { Z = orth(A^T Y); Y = orth(A Z) };  Q = orth(Y);
// B = Q^T A (l x t).  B B^T = W diag(s^2) W^T (an l x l symmetric eigenproblem, solved in
// double precision), so B = W diag(s) V^T with V = B^T W diag(1/s): the top `dims` columns
// of V approximate A's top right singular vectors. orth() is a thin Householder QR.

#include "scoutmatch/vectorize/lsa.hpp"

#include <Eigen/Dense>
#include <Eigen/Sparse>
#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#include "scoutmatch/error.hpp"

namespace scoutmatch {
namespace {

using MatD = Eigen::MatrixXd;
using Sparse = Eigen::SparseMatrix<double, Eigen::RowMajor, std::int64_t>;

// Thin orthonormal basis of the columns of m (Householder QR).
MatD orth(const MatD& m) {
  Eigen::HouseholderQR<MatD> qr(m);
  return qr.householderQ() * MatD::Identity(m.rows(), std::min(m.rows(), m.cols()));
}

// Gaussian numbers from a fixed-seed engine by Box-Muller (std::normal_distribution is
// implementation-defined; this is the same everywhere).
MatD gaussian(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const auto uniform = [&] { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53; };
  MatD g(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j)
    for (Eigen::Index i = 0; i < rows; ++i)
      g(i, j) = std::sqrt(-2.0 * std::log(uniform())) * std::cos(6.283185307179586 * uniform());
  return g;
}

}  // namespace

LsaModel LsaModel::fit(const SpaceVectors& space, std::size_t dims, std::size_t oversample,
                       std::size_t power_iterations, std::uint64_t seed) {
  if (dims < 1 || dims > lsa_max_dims)
    throw invalid_argument("scoutmatch.lsa.1", "LSA dimensions must be in 1.." +
                                                   std::to_string(lsa_max_dims) + ", got " +
                                                   std::to_string(dims));
  const SparseVectors& sat = space.sat;
  const auto n = static_cast<Eigen::Index>(sat.rows());
  const auto t = static_cast<Eigen::Index>(space.idf.size());
  LsaModel model;
  model.terms_ = static_cast<std::size_t>(t);
  if (n == 0 || t == 0 || sat.nnz() == 0) return model;

  std::vector<Eigen::Triplet<double, std::int64_t>> entries;
  entries.reserve(sat.nnz());
  for (std::size_t r = 0; r < sat.rows(); ++r) {
    const SparseRow row = sat.row(r);
    for (std::size_t i = 0; i < row.terms.size(); ++i)
      if (row.terms[i] < space.idf.size())
        entries.emplace_back(static_cast<std::int64_t>(r), row.terms[i],
                             static_cast<double>(row.values[i]) * std::sqrt(static_cast<double>(space.idf[row.terms[i]])));
  }
  Sparse a(n, t);
  a.setFromTriplets(entries.begin(), entries.end());
  const Sparse at = a.transpose();

  const Eigen::Index rank_bound = std::min(n, t);
  const Eigen::Index l =
      std::min<Eigen::Index>(rank_bound, static_cast<Eigen::Index>(dims + oversample));
  MatD y = orth(MatD(a * gaussian(t, l, seed)));
  for (std::size_t it = 0; it < power_iterations; ++it) {
    const MatD z = orth(MatD(at * y));
    y = orth(MatD(a * z));
  }
  const MatD bt = at * y;  // t x l' = B^T
  const MatD gram = bt.transpose() * bt;
  Eigen::SelfAdjointEigenSolver<MatD> eig(gram);
  // Eigenvalues ascending: take from the back; drop (numerically) zero ones.
  const Eigen::Index m = eig.eigenvalues().size();
  const double top = m > 0 ? std::max(0.0, eig.eigenvalues()(m - 1)) : 0.0;
  std::vector<Eigen::Index> keep;
  for (Eigen::Index j = m - 1; j >= 0 && keep.size() < dims; --j)
    if (eig.eigenvalues()(j) > top * 1e-12 && eig.eigenvalues()(j) > 0) keep.push_back(j);
  const std::size_t k = keep.size();
  model.dims_ = k;
  model.projection_.assign(static_cast<std::size_t>(t) * k, 0.0f);
  model.sigma_.resize(k);
  for (std::size_t c = 0; c < k; ++c) {
    const double s = std::sqrt(eig.eigenvalues()(keep[c]));
    model.sigma_[c] = static_cast<float>(s);
    const Eigen::VectorXd v = bt * eig.eigenvectors().col(keep[c]) / s;
    for (Eigen::Index i = 0; i < t; ++i)
      model.projection_[static_cast<std::size_t>(i) * k + c] = static_cast<float>(v(i));
  }
  return model;
}

bool LsaModel::embed(std::span<const TermId> terms, std::span<const float> weights,
                     std::span<float> out) const {
  std::fill(out.begin(), out.end(), 0.0f);
  if (dims_ == 0) return false;
  std::vector<double> acc(dims_, 0.0);
  for (std::size_t i = 0; i < terms.size() && i < weights.size(); ++i) {
    if (terms[i] >= terms_) continue;
    const float* v = projection_.data() + static_cast<std::size_t>(terms[i]) * dims_;
    for (std::size_t c = 0; c < dims_; ++c) acc[c] += static_cast<double>(weights[i]) * v[c];
  }
  double norm = 0;
  for (double x : acc) norm += x * x;
  if (!(norm > 1e-30)) return false;
  const double inv = 1.0 / std::sqrt(norm);
  for (std::size_t c = 0; c < dims_ && c < out.size(); ++c)
    out[c] = static_cast<float>(acc[c] * inv);
  return true;
}

void LsaModel::embed_rows(const SpaceVectors& space, std::vector<float>& out,
                          std::vector<std::uint8_t>& nonzero) const {
  const std::size_t n = space.sat.rows();
  out.assign(n * dims_, 0.0f);
  nonzero.assign(n, 0);
  std::vector<float> w;
  for (std::size_t r = 0; r < n; ++r) {
    const SparseRow row = space.sat.row(r);
    w.resize(row.terms.size());
    for (std::size_t i = 0; i < row.terms.size(); ++i)
      w[i] = row.terms[i] < space.idf.size() ? row.values[i] * std::sqrt(space.idf[row.terms[i]]) : 0.0f;
    nonzero[r] = embed(row.terms, w, {out.data() + r * dims_, dims_}) ? 1 : 0;
  }
}

}  // namespace scoutmatch
