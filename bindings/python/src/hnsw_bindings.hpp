// scoutmatch.HnswIndex: the approximate dense index (include/scoutmatch/index/hnsw_index.hpp).
// Included once, by scoutmatch_ext.cpp, after its anonymous namespace of array helpers
// (float_rows, int_ids, owned_matrix, threads_of, invalid), which it shares.
#pragma once

#include <shared_mutex>

#include "scoutmatch/index/hnsw_index.hpp"

// Searches share the lock; add takes it alone (the C++ class needs exclusive writers).
struct PyHnswIndex {
  sm::HnswIndex index;
  mutable std::shared_mutex mutex;
  explicit PyHnswIndex(sm::HnswIndex ix) : index(std::move(ix)) {}
};

inline sm::HnswFilterMode hnsw_filter_mode_of(const std::string& s) {
  if (s == "auto") return sm::HnswFilterMode::automatic;
  if (s == "graph") return sm::HnswFilterMode::graph;
  if (s == "exact") return sm::HnswFilterMode::exact;
  invalid("scoutmatch.hnsw.6",
          "filter_mode must be \"auto\", \"graph\" or \"exact\", not \"" + s + "\"");
}

inline sm::Precision hnsw_precision_of(const std::string& s) {
  if (s == "f32" || s == "float32") return sm::Precision::f32;
  if (s == "split") return sm::Precision::split;
  invalid("scoutmatch.hnsw.8", "precision must be \"f32\" or \"split\", not \"" + s + "\"");
}

inline std::size_t hnsw_count(std::int64_t v, const char* what, const char* id) {
  if (v < 0) invalid(id, std::string(what) + " must be >= 0, got " + std::to_string(v));
  return static_cast<std::size_t>(v);
}

inline void bind_hnsw(nb::module_& m) {
  nb::class_<PyHnswIndex>(m, "HnswIndex")
      .def(
          "__init__",
          [](PyHnswIndex* self, std::int64_t dim, const std::string& metric, std::int64_t M,
             std::int64_t ef_construction, std::int64_t seed, const std::string& precision) {
            if (dim < 1)
              invalid("scoutmatch.hnsw.1", "dimension must be >= 1, got " + std::to_string(dim));
            sm::HnswOptions opt;
            opt.M = hnsw_count(M, "M", "scoutmatch.hnsw.8");
            opt.ef_construction =
                hnsw_count(ef_construction, "ef_construction", "scoutmatch.hnsw.8");
            opt.seed = static_cast<std::uint64_t>(seed);
            opt.precision = hnsw_precision_of(precision);
            new (self) PyHnswIndex(
                sm::HnswIndex(static_cast<std::size_t>(dim), sm::metric_from_string(metric), opt));
          },
          "dim"_a, "metric"_a = "ip", nb::kw_only(), "M"_a = 16, "ef_construction"_a = 200,
          "seed"_a = 100, "precision"_a = "f32")
      .def_prop_ro("dim", [](const PyHnswIndex& s) { return s.index.dim(); })
      .def_prop_ro(
          "metric",
          [](const PyHnswIndex& s) { return std::string(sm::to_string(s.index.metric())); })
      .def_prop_ro("M", [](const PyHnswIndex& s) { return s.index.options().M; })
      .def_prop_ro("ef_construction",
                   [](const PyHnswIndex& s) { return s.index.options().ef_construction; })
      .def_prop_ro("precision",
                   [](const PyHnswIndex& s) {
                     return std::string(sm::to_string(s.index.options().precision));
                   })
      .def_prop_ro("memory_bytes",
                   [](const PyHnswIndex& s) {
                     nb::gil_scoped_release nogil;
                     std::shared_lock lock(s.mutex);
                     return s.index.memory_bytes();
                   })
      .def_prop_ro_static("simd",
                          [](nb::handle) { return std::string(sm::HnswIndex::simd_level()); })
      .def("__len__",
           [](const PyHnswIndex& s) {
             nb::gil_scoped_release nogil;
             std::shared_lock lock(s.mutex);
             return s.index.size();
           })
      .def("__contains__",
           [](const PyHnswIndex& s, nb::handle id) {
             std::int64_t v = 0;
             if (PyBool_Check(id.ptr()) || !nb::try_cast(id, v)) return false;
             nb::gil_scoped_release nogil;
             std::shared_lock lock(s.mutex);
             return s.index.contains(v);
           })
      .def(
          "add",
          [](PyHnswIndex& s, nb::handle vectors, nb::handle ids,
             std::optional<std::int64_t> threads) {
            const FloatRows x = float_rows(vectors, "vectors", s.index.dim());
            const std::vector<std::int64_t> id = int_ids(ids, "ids");
            if (!ids.is_none() && id.size() != x.rows)
              invalid("scoutmatch.hnsw.2", "expected " + std::to_string(x.rows) +
                                               " ids (one per vector), got " +
                                               std::to_string(id.size()));
            const std::size_t t = threads_of(threads);
            nb::gil_scoped_release nogil;
            std::unique_lock lock(s.mutex);
            s.index.add({x.data, x.rows * s.index.dim()}, x.rows, id, t);
          },
          "vectors"_a, "ids"_a = nb::none(), nb::kw_only(), "threads"_a = nb::none())
      .def(
          "search",
          [](const PyHnswIndex& s, nb::handle queries, std::int64_t k, std::int64_t ef,
             std::optional<std::int64_t> threads, nb::handle filter,
             const std::string& filter_mode) {
            const FloatRows q = float_rows(queries, "queries", s.index.dim());
            if (k < 1 || k > static_cast<std::int64_t>(sm::hnsw_max_ef))
              invalid("scoutmatch.hnsw.6", "k must be in 1.." + std::to_string(sm::hnsw_max_ef) +
                                               ", got " + std::to_string(k));
            sm::HnswSearchParams p;
            p.ef = hnsw_count(ef, "ef", "scoutmatch.hnsw.6");
            p.threads = threads_of(threads);
            p.filter_mode = hnsw_filter_mode_of(filter_mode);
            std::optional<std::vector<std::int64_t>> allowed;
            if (!filter.is_none()) allowed = int_ids(filter, "filter");
            p.allowed = allowed ? &*allowed : nullptr;
            const std::size_t kk = static_cast<std::size_t>(k);
            auto scores = owned_matrix<float>(q.rows, kk, 0.0f);
            auto ids = owned_matrix<std::int64_t>(q.rows, kk, 0);
            {
              nb::gil_scoped_release nogil;
              std::shared_lock lock(s.mutex);
              s.index.search({q.data, q.rows * s.index.dim()}, q.rows, kk, scores.data(),
                             ids.data(), p);
            }
            return std::make_pair(scores, ids);
          },
          "queries"_a, "k"_a = 10, nb::kw_only(), "ef"_a = 0, "threads"_a = nb::none(),
          "filter"_a = nb::none(), "filter_mode"_a = "auto")
      .def(
          "save",
          [](const PyHnswIndex& s, const std::filesystem::path& path) {
            nb::gil_scoped_release nogil;
            std::shared_lock lock(s.mutex);
            s.index.save(path);
          },
          "path"_a)
      .def_static(
          "load",
          [](const std::filesystem::path& path) {
            nb::gil_scoped_release nogil;
            return std::make_unique<PyHnswIndex>(sm::HnswIndex::load(path));
          },
          "path"_a)
      .def("to_bytes",
           [](const PyHnswIndex& s) {
             std::string b;
             {
               nb::gil_scoped_release nogil;
               std::shared_lock lock(s.mutex);
               b = s.index.to_bytes();
             }
             return nb::bytes(b.data(), b.size());
           })
      .def_static(
          "from_bytes",
          [](nb::bytes data) {
            const std::string_view view(static_cast<const char*>(data.data()), data.size());
            nb::gil_scoped_release nogil;
            return std::make_unique<PyHnswIndex>(sm::HnswIndex::from_bytes(view, "<bytes>"));
          },
          "data"_a)
      .def("__getstate__",
           [](const PyHnswIndex& s) {
             std::string b;
             {
               nb::gil_scoped_release nogil;
               std::shared_lock lock(s.mutex);
               b = s.index.to_bytes();
             }
             return nb::make_tuple(nb::bytes(b.data(), b.size()));
           })
      .def("__setstate__",
           [](PyHnswIndex& self, nb::tuple state) {
             nb::bytes data = nb::cast<nb::bytes>(state[0]);
             const std::string_view view(static_cast<const char*>(data.data()), data.size());
             new (&self) PyHnswIndex(sm::HnswIndex::from_bytes(view, "<pickle>"));
           })
      .def("__repr__", [](const PyHnswIndex& s) {
        return "HnswIndex(dim=" + std::to_string(s.index.dim()) + ", metric='" +
               std::string(sm::to_string(s.index.metric())) +
               "', M=" + std::to_string(s.index.options().M) +
               (s.index.options().precision == sm::Precision::f32
                    ? std::string()
                    : ", precision='" + std::string(sm::to_string(s.index.options().precision)) +
                          "'") +
               ", size=" + std::to_string(s.index.size()) + ")";
      });
}
