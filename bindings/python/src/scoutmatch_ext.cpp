// scoutmatch._scoutmatch: the nanobind extension behind the Python package. It binds the
// C++ core directly (the same engine as the CLI); the pure-Python package around it
// (bindings/python/scoutmatch/) adds the argument conveniences. Every call that searches,
// builds, saves or loads releases the GIL; numpy results are written by C++ straight into
// arrays that Python then owns (no copies); float32 inputs are read in place.
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/filesystem.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/unique_ptr.h>
#include <nanobind/stl/vector.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "io/detail/reader.hpp"
#include "scoutmatch/detail/arena.hpp"
#include "scoutmatch/detail/index_state.hpp"
#include "scoutmatch/index/all_pairs.hpp"
#include "scoutmatch/index/dense_index.hpp"
#include "scoutmatch/scoutmatch.hpp"

namespace nb = nanobind;
namespace sm = scoutmatch;
namespace io = scoutmatch::io_detail;
using namespace nb::literals;

namespace {

// ---- errors ----------------------------------------------------------------------------
// The Python classes live in scoutmatch/_errors.py (so that they can inherit from both
// scoutmatch.Error and ValueError/KeyError/OSError); the translator raises them with the
// C++ message, which starts with the stable id.

PyObject* error_class(const char* name) {
  nb::object mod = nb::module_::import_("scoutmatch._errors");
  return nb::object(mod.attr(name)).release().ptr();  // kept for the life of the process
}

void translate(const std::exception_ptr& p, void*) {
  static PyObject* parse = error_class("ParseError");
  static PyObject* file = error_class("FileError");
  static PyObject* format = error_class("FormatError");
  static PyObject* invalid = error_class("InvalidArgument");
  static PyObject* missing = error_class("NotFound");
  static PyObject* base = error_class("Error");
  try {
    std::rethrow_exception(p);
  } catch (const sm::parse_error& e) {
    PyErr_SetString(parse, e.what());
  } catch (const sm::file_error& e) {
    PyErr_SetString(file, e.what());
  } catch (const sm::format_error& e) {
    PyErr_SetString(format, e.what());
  } catch (const sm::invalid_argument& e) {
    PyErr_SetString(invalid, e.what());
  } catch (const sm::not_found& e) {
    PyErr_SetString(missing, e.what());
  } catch (const sm::error& e) {
    PyErr_SetString(base, e.what());
  }
}

[[noreturn]] void invalid(const char* id, const std::string& message) {
  throw sm::invalid_argument(id, message);
}

std::string py_type_name(nb::handle h) {
  return Py_TYPE(h.ptr())->tp_name;
}

// str(h), or "?" when that fails.
std::string py_str(nb::handle h) {
  PyObject* s = PyObject_Str(h.ptr());
  const char* c = s ? PyUnicode_AsUTF8(s) : nullptr;
  std::string out = c ? c : "?";
  Py_XDECREF(s);
  if (!c) PyErr_Clear();
  return out;
}

// ---- arrays ----------------------------------------------------------------------------

// A float32 (n, dim) C-contiguous array, read in place. Anything else is refused with a
// message that says how to fix it (no silent copies of big arrays).
struct FloatRows {
  nb::ndarray<nb::ro> array;  // keeps the data alive
  const float* data = nullptr;
  std::size_t rows = 0;
};

FloatRows float_rows(nb::handle obj, const char* what, std::size_t dim) {
  if (!nb::ndarray_check(obj))
    invalid("scoutmatch.python.1", std::string(what) +
                                       " must be a numpy array of float32 with shape (n, " +
                                       std::to_string(dim) + "), not " + py_type_name(obj) +
                                       "; use np.asarray(x, dtype=np.float32)");
  FloatRows r;
  if (!nb::try_cast(obj, r.array, false))
    invalid("scoutmatch.python.1", std::string(what) + ": cannot read this array type");
  if (r.array.device_type() != nb::device::cpu::value)
    invalid("scoutmatch.python.1", std::string(what) + " must be in CPU memory");
  if (r.array.dtype() != nb::dtype<float>()) {
    std::string dt = "another dtype";
    if (nb::hasattr(obj, "dtype")) dt = "dtype " + py_str(nb::object(obj.attr("dtype")));
    invalid("scoutmatch.python.2", std::string(what) + " must have dtype float32, not " + dt +
                                       "; use x.astype(np.float32)");
  }
  if (r.array.ndim() != 2 || r.array.shape(1) != dim) {
    std::string shape = "(";
    for (std::size_t i = 0; i < r.array.ndim(); ++i)
      shape += (i ? ", " : "") + std::to_string(r.array.shape(i));
    shape += r.array.ndim() == 1 ? ",)" : ")";
    invalid("scoutmatch.python.3",
            std::string(what) + " must have shape (n, " + std::to_string(dim) + "), not " + shape +
                (r.array.ndim() == 1 ? "; for one vector use x.reshape(1, -1)" : ""));
  }
  r.rows = r.array.shape(0);
  const bool contiguous = (dim == 1 || r.array.stride(1) == 1) &&
                          (r.rows <= 1 || r.array.stride(0) == static_cast<std::int64_t>(dim));
  if (!contiguous)
    invalid("scoutmatch.python.4",
            std::string(what) + " must be C-contiguous; use np.ascontiguousarray(x)");
  r.data = static_cast<const float*>(r.array.data());
  return r;
}

// int64 ids from None, a 1-d int64 array (read in place) or any sequence of ints.
std::vector<std::int64_t> int_ids(nb::handle obj, const char* what) {
  std::vector<std::int64_t> out;
  if (obj.is_none()) return out;
  if (nb::ndarray_check(obj)) {
    nb::ndarray<nb::ro> a;
    if (!nb::try_cast(obj, a, false) || a.device_type() != nb::device::cpu::value)
      invalid("scoutmatch.python.1", std::string(what) + ": cannot read this array type");
    if (a.ndim() != 1)
      invalid("scoutmatch.python.3", std::string(what) + " must be one-dimensional");
    const auto dt = a.dtype();
    if (dt.code != static_cast<std::uint8_t>(nb::dlpack::dtype_code::Int) &&
        dt.code != static_cast<std::uint8_t>(nb::dlpack::dtype_code::UInt))
      invalid("scoutmatch.python.2", std::string(what) + " must be integers (int64)");
    out.resize(a.shape(0));
    const auto* base = static_cast<const char*>(a.data());
    const std::int64_t step = a.stride(0) * (dt.bits / 8);
    for (std::size_t i = 0; i < out.size(); ++i) {
      const char* p = base + static_cast<std::int64_t>(i) * step;
      switch (dt.bits) {
        case 8:
          out[i] = dt.code == 0 ? *reinterpret_cast<const std::int8_t*>(p)
                                : *reinterpret_cast<const std::uint8_t*>(p);
          break;
        case 16:
          out[i] = dt.code == 0 ? *reinterpret_cast<const std::int16_t*>(p)
                                : *reinterpret_cast<const std::uint16_t*>(p);
          break;
        case 32:
          out[i] = dt.code == 0 ? *reinterpret_cast<const std::int32_t*>(p)
                                : *reinterpret_cast<const std::uint32_t*>(p);
          break;
        default: {
          if (dt.code == 1 &&
              *reinterpret_cast<const std::uint64_t*>(p) >
                  static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            invalid("scoutmatch.python.2", std::string(what) + ": id too large for int64");
          out[i] = *reinterpret_cast<const std::int64_t*>(p);
        }
      }
    }
    return out;
  }
  if (PyLong_Check(obj.ptr())) return {nb::cast<std::int64_t>(obj)};
  for (nb::handle h : nb::iter(obj)) {
    std::int64_t v = 0;
    if (PyBool_Check(h.ptr()) || !nb::try_cast(h, v))
      invalid("scoutmatch.python.2",
              std::string(what) + " must be integers, not " + py_type_name(h));
    out.push_back(v);
  }
  return out;
}

template <class T>
nb::ndarray<nb::numpy, T, nb::ndim<2>> owned_matrix(std::size_t n, std::size_t k, T fill) {
  T* data = new T[std::max<std::size_t>(n * k, 1)];
  std::fill(data, data + n * k, fill);
  nb::capsule owner(data, [](void* p) noexcept { delete[] static_cast<T*>(p); });
  return nb::ndarray<nb::numpy, T, nb::ndim<2>>(data, {n, k}, owner);
}

// ---- profiles from Python objects ----------------------------------------------------------
// The same rules and error ids as the JSONL reader (src/io/jsonl.cpp), with Python type names
// in the messages. The "line" in messages is the 1-based position of the record.

// `v` as UTF-8; false when it is not a str.
bool utf8(nb::handle v, std::string& out, const io::Where& at, std::string_view field) {
  if (!PyUnicode_Check(v.ptr())) return false;
  Py_ssize_t size = 0;
  const char* s = PyUnicode_AsUTF8AndSize(v.ptr(), &size);
  if (s == nullptr) {
    PyErr_Clear();
    io::fail_field(io::id_invalid_utf8, at, field, "is not valid Unicode (lone surrogates)");
  }
  out.assign(s, static_cast<std::size_t>(size));
  return true;
}

bool is_missing(nb::handle v) {
  if (!v.is_valid() || v.is_none()) return true;
  return PyFloat_Check(v.ptr()) && std::isnan(PyFloat_AS_DOUBLE(v.ptr()));  // pandas' NaN
}

[[noreturn]] void wrong_type(const io::Where& at, std::string_view field, std::string_view expected,
                             nb::handle v) {
  io::fail_field(io::id_wrong_type, at, field,
                 "must be " + std::string(expected) + ", not " + py_type_name(v));
}

bool is_sequence(nb::handle v) {
  return PyList_Check(v.ptr()) || PyTuple_Check(v.ptr()) || nb::ndarray_check(v) ||
         (nb::hasattr(v, "tolist") && nb::hasattr(v, "__len__"));
}

nb::object as_list(nb::handle v) {
  if (PyList_Check(v.ptr()) || PyTuple_Check(v.ptr())) return nb::borrow(v);
  return v.attr("tolist")();
}

void take_text(nb::handle v, const char* key, std::string& dst, const io::Where& at) {
  if (is_missing(v)) return;
  if (utf8(v, dst, at, key)) return;
  if (!is_sequence(v)) wrong_type(at, key, "a string or a list of strings", v);
  std::size_t i = 0;
  std::string part;
  for (nb::handle e : as_list(v)) {
    if (utf8(e, part, at, key)) {
      if (!dst.empty()) dst += '\n';
      dst += part;
    } else if (!is_missing(e)) {
      wrong_type(at, std::string(key) + "[" + std::to_string(i) + "]", "a string", e);
    }
    ++i;
  }
}

std::optional<std::string> take_string(nb::handle v, const char* key, const io::Where& at) {
  if (is_missing(v)) return std::nullopt;
  std::string s;
  if (!utf8(v, s, at, key)) wrong_type(at, key, "a string", v);
  return s;
}

std::optional<double> take_number(nb::handle v, const char* key, const io::Where& at) {
  if (!v.is_valid() || v.is_none()) return std::nullopt;
  if (PyBool_Check(v.ptr()) ||
      !(PyFloat_Check(v.ptr()) || PyLong_Check(v.ptr()) || PyNumber_Check(v.ptr())) ||
      PyUnicode_Check(v.ptr()))
    wrong_type(at, key, "a number", v);
  const double d = PyFloat_AsDouble(v.ptr());
  if (d == -1.0 && PyErr_Occurred()) {
    PyErr_Clear();
    wrong_type(at, key, "a number", v);
  }
  if (std::isnan(d)) return std::nullopt;  // pandas' missing value
  return d;
}

// A list field (projects, partners): a list of strings (None entries skipped) or one string
// split at ';', as in the JSONL reader.
void take_links(nb::handle v, const char* key, std::size_t max, const io::Where& at,
                std::vector<std::string>& out) {
  if (is_missing(v)) return;
  std::string s;
  if (utf8(v, s, at, key)) {
    io::split_keywords(s, ";", max, at, out, key);
    return;
  }
  if (!is_sequence(v)) wrong_type(at, key, "a list of strings or a string", v);
  nb::object list = as_list(v);
  if (nb::len(list) > max)
    io::fail_field(io::id_limit, at, key,
                   "has more than max_links (" + std::to_string(max) + ") entries");
  std::size_t i = 0;
  for (nb::handle e : list) {
    if (utf8(e, s, at, key)) {
      const std::string_view t = io::trim(s);
      if (!t.empty()) out.emplace_back(t);
    } else if (!is_missing(e)) {
      wrong_type(at, std::string(key) + "[" + std::to_string(i) + "]", "a string", e);
    }
    ++i;
  }
}

// `key` (a string literal) as an interned Python string, made once: dict lookups with it
// hash nothing and compare pointers. The table is guarded by the GIL.
PyObject* interned_key(const char* key) {
  static std::unordered_map<const char*, PyObject*> table;
  auto [it, fresh] = table.try_emplace(key, nullptr);
  if (fresh) it->second = PyUnicode_InternFromString(key);
  return it->second;
}

class Record {
 public:
  explicit Record(nb::handle obj) : obj_(obj), dict_(PyDict_Check(obj.ptr())) {}
  nb::object get(const char* key) const {
    if (dict_) {
      PyObject* k = interned_key(key);
      if (k == nullptr) throw nb::python_error();
      PyObject* v = PyDict_GetItemWithError(obj_.ptr(), k);  // borrowed
      if (v == nullptr && PyErr_Occurred()) throw nb::python_error();
      return v ? nb::borrow(v) : nb::object();
    }
    PyObject* v = PyMapping_GetItemString(obj_.ptr(), key);
    if (v == nullptr) {
      PyErr_Clear();
      return nb::object();
    }
    return nb::steal(v);
  }

 private:
  nb::handle obj_;
  bool dict_;
};

// Long text fields whose copy waits until all records are read (profiles_from_records copies
// them in parallel, still holding the GIL, so the Python strings stay alive and unchanged).
// Each entry holds a reference to its string: records may be temporaries (a generator's
// dicts, a DataFrame's rows).
struct DeferredText {
  std::size_t profile;
  std::string sm::Profile::*field;
  const char* data;
  std::size_t size;
  nb::object owner;
};

sm::Profile profile_from_record(nb::handle obj, const io::Where& at, const sm::ReadOptions& opt,
                                std::vector<DeferredText>* defer = nullptr, std::size_t index = 0) {
  if (nb::isinstance<sm::Profile>(obj)) return nb::cast<const sm::Profile&>(obj);
  if (!PyDict_Check(obj.ptr()) &&
      (!PyMapping_Check(obj.ptr()) || PyUnicode_Check(obj.ptr()) || PyBytes_Check(obj.ptr()) ||
       PyByteArray_Check(obj.ptr()) || PyList_Check(obj.ptr()) || PyTuple_Check(obj.ptr())))
    io::fail(io::id_not_object, at,
             "each profile must be a dict (or a scoutmatch.Profile), not " + py_type_name(obj));
  const Record r(obj);
  sm::Profile p;
  {
    nb::object v = r.get("id");
    if (is_missing(v)) io::fail_field(io::id_missing_id, at, "id", "is missing");
    if (!utf8(v, p.id, at, "id")) wrong_type(at, "id", "a string", v);
    if (io::trim(p.id).empty()) io::fail_field(io::id_missing_id, at, "id", "must not be empty");
  }
  if (auto s = take_string(r.get("kind"), "kind", at)) p.kind = io::parse_kind(*s, at);
  take_text(r.get("name"), "name", p.name, at);
  for (const auto& [key, field] :
       {std::pair{"text", &sm::Profile::text}, std::pair{"competences", &sm::Profile::competences},
        std::pair{"offers", &sm::Profile::offers}, std::pair{"needs", &sm::Profile::needs}}) {
    nb::object v = r.get(key);
    if (defer && !is_missing(v) && PyUnicode_Check(v.ptr())) {
      Py_ssize_t size = 0;
      const char* data = PyUnicode_AsUTF8AndSize(v.ptr(), &size);
      if (data == nullptr) {
        PyErr_Clear();
        io::fail_field(io::id_invalid_utf8, at, key, "is not valid Unicode (lone surrogates)");
      }
      const auto n = static_cast<std::size_t>(size);
      if (n >= 256 && n <= opt.max_text_bytes) {  // longer ones fail check_text_sizes below
        defer->push_back({index, field, data, n, v});
        continue;
      }
    }
    take_text(v, key, p.*field, at);
  }
  if (nb::object v = r.get("keywords"); !is_missing(v)) {
    std::string s;
    if (utf8(v, s, at, "keywords")) {
      io::split_keywords(s, ";", opt.max_keywords, at, p.keywords);
    } else if (is_sequence(v)) {
      nb::object list = as_list(v);
      if (nb::len(list) > opt.max_keywords)
        io::fail_field(
            io::id_limit, at, "keywords",
            "has more than max_keywords (" + std::to_string(opt.max_keywords) + ") entries");
      std::size_t i = 0;
      for (nb::handle e : list) {
        if (utf8(e, s, at, "keywords")) {
          const std::string_view t = io::trim(s);
          if (!t.empty()) p.keywords.emplace_back(t);
        } else if (!is_missing(e)) {
          wrong_type(at, "keywords[" + std::to_string(i) + "]", "a string", e);
        }
        ++i;
      }
    } else {
      wrong_type(at, "keywords", "a list of strings or a string", v);
    }
  }
  take_links(r.get("projects"), "projects", opt.max_links, at, p.projects);
  take_links(r.get("partners"), "partners", opt.max_links, at, p.partners);
  if (auto s = take_string(r.get("lang"), "lang", at)) p.lang = io::parse_lang(*s, at);
  if (auto s = take_string(r.get("country"), "country", at)) p.country = io::normalize_country(*s);
  const auto region = take_string(r.get("region"), "region", at);
  const auto nuts = take_string(r.get("nuts"), "nuts", at);
  if (region && !io::trim(*region).empty())
    p.region = *region;
  else if (nuts)
    p.region = *nuts;
  take_text(r.get("city"), "city", p.city, at);
  p.lat = take_number(r.get("lat"), "lat", at);
  p.lon = take_number(r.get("lon"), "lon", at);
  io::check_coordinates(p, at);
  if (nb::object v = r.get("embedding"); !is_missing(v)) {
    if (!is_sequence(v)) wrong_type(at, "embedding", "a list or array of numbers", v);
    nb::object list = as_list(v);
    io::check_embedding_size(nb::len(list), opt, at);
    p.embedding.reserve(nb::len(list));
    std::size_t i = 0;
    for (nb::handle e : list) {
      const std::string field = "embedding[" + std::to_string(i) + "]";
      if (PyBool_Check(e.ptr()) || !(PyFloat_Check(e.ptr()) || PyLong_Check(e.ptr())))
        wrong_type(at, field, "a number", e);
      const double d = PyFloat_AsDouble(e.ptr());
      if (d == -1.0 && PyErr_Occurred()) {
        PyErr_Clear();
        wrong_type(at, field, "a number", e);
      }
      p.embedding.push_back(io::to_embedding_value(d, i, at));
      ++i;
    }
  }
  if (nb::object v = r.get("sme"); !is_missing(v)) {
    if (PyBool_Check(v.ptr()))
      p.sme = v.ptr() == Py_True;
    else if (py_type_name(v) == "numpy.bool" || py_type_name(v) == "numpy.bool_")
      p.sme = PyObject_IsTrue(v.ptr()) == 1;
    else if ((PyLong_Check(v.ptr()) || PyFloat_Check(v.ptr())) &&
             (PyFloat_AsDouble(v.ptr()) == 0.0 || PyFloat_AsDouble(v.ptr()) == 1.0))
      p.sme = PyFloat_AsDouble(v.ptr()) ==
              1.0;  // 1/0, like CSV; a DataFrame column of bools with gaps is float
    else
      wrong_type(at, "sme", "True, False, 1, 0 or None", v);
  }
  io::check_text_sizes(p, opt, at);
  return p;
}

// `threads` (0: all) bounds the parallel parts, so that Index.build(..., threads=1) runs on
// one thread throughout.
std::vector<sm::Profile> profiles_from_records(nb::handle records, const std::string& source,
                                               std::size_t threads = 0) {
  if (PyUnicode_Check(records.ptr()) || PyDict_Check(records.ptr()) ||
      PyBytes_Check(records.ptr()) || !nb::hasattr(records, "__iter__"))
    invalid("scoutmatch.python.5",
            "profiles must be a list of dicts or Profiles, a path or a DataFrame, not " +
                py_type_name(records));
  std::vector<sm::Profile> out;
  const sm::ReadOptions opt;
  if (PyList_Check(records.ptr()) || PyTuple_Check(records.ptr()))
    out.reserve(static_cast<std::size_t>(PyObject_Length(records.ptr())));
  std::vector<DeferredText> deferred;
  std::size_t i = 0;
  for (nb::handle h : nb::iter(records)) {
    const io::Where at{source, ++i};
    out.push_back(profile_from_record(h, at, opt, &deferred, out.size()));
  }
  sm::detail::in_arena(threads, [&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, deferred.size(), 64),
                      [&](const auto& range) {
                        for (std::size_t j = range.begin(); j != range.end(); ++j) {
                          const DeferredText& d = deferred[j];
                          (out[d.profile].*d.field).assign(d.data, d.size);
                        }
                      });
  });
  // Unique ids, checked at the end (in parallel, without the GIL): the same error as a
  // file reader's, naming the first repeat and the record it repeats.
  std::optional<std::pair<std::size_t, std::size_t>> dup;
  {
    nb::gil_scoped_release nogil;
    dup = sm::detail::in_arena(threads, [&] { return io::first_duplicate_id(out); });
  }
  if (dup) io::fail_duplicate_id(out[dup->second].id, {source, dup->second + 1}, dup->first + 1);
  return out;
}

// ---- the document-term matrix (scoutmatch.vectorize) --------------------------------------

// A numpy array that owns `v` (moved to the heap; freed with the array).
template <class T, class Stored = T>
nb::ndarray<nb::numpy, T, nb::ndim<1>> owned_vector(std::vector<Stored>&& v) {
  static_assert(sizeof(T) == sizeof(Stored));
  auto* heap = new std::vector<Stored>(std::move(v));
  nb::capsule owner(heap, [](void* p) noexcept { delete static_cast<std::vector<Stored>*>(p); });
  static T none{};
  T* data = heap->empty() ? &none : reinterpret_cast<T*>(heap->data());
  return nb::ndarray<nb::numpy, T, nb::ndim<1>>(data, {heap->size()}, owner);
}

// Profiles of a list of texts (each text a profile with only its `text` field, language
// `lang`). The strings are copied in parallel with the GIL held (the Python strings stay
// alive and unchanged), as profiles_from_records does.
std::vector<sm::Profile> profiles_from_texts(nb::handle texts, sm::Language lang,
                                             std::size_t threads) {
  const sm::ReadOptions opt;
  std::vector<std::pair<const char*, std::size_t>> views;
  std::vector<nb::object> owners;
  if (PyList_Check(texts.ptr()) || PyTuple_Check(texts.ptr())) {
    views.reserve(static_cast<std::size_t>(PyObject_Length(texts.ptr())));
    owners.reserve(views.capacity());
  }
  for (nb::handle h : nb::iter(texts)) {
    const io::Where at{"<texts>", views.size() + 1};
    if (!PyUnicode_Check(h.ptr()))
      invalid("scoutmatch.python.15", "documents[" + std::to_string(views.size()) + "] is " +
                                          py_type_name(h) +
                                          ", not a string: pass a list of texts or of "
                                          "profiles (dicts), not a mix");
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(h.ptr(), &size);
    if (data == nullptr) {
      PyErr_Clear();
      io::fail_field(io::id_invalid_utf8, at, "text", "is not valid Unicode (lone surrogates)");
    }
    if (static_cast<std::size_t>(size) > opt.max_text_bytes)
      io::fail_field(io::id_limit, at, "text",
                     "is longer than max_text_bytes (" + std::to_string(opt.max_text_bytes) + ")");
    views.emplace_back(data, static_cast<std::size_t>(size));
    owners.push_back(nb::borrow(h));
  }
  std::vector<sm::Profile> out(views.size());
  sm::detail::in_arena(threads, [&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, views.size(), 256),
                      [&](const auto& range) {
                        for (std::size_t i = range.begin(); i != range.end(); ++i) {
                          out[i].text.assign(views[i].first, views[i].second);
                          out[i].lang = lang;
                        }
                      });
  });
  return out;
}

// True when `docs` is a list or tuple whose first element is a string (a list of texts).
bool is_text_list(nb::handle docs) {
  if (!PyList_Check(docs.ptr()) && !PyTuple_Check(docs.ptr())) return false;
  if (PyObject_Length(docs.ptr()) == 0) return false;
  nb::object first = nb::steal(PySequence_GetItem(docs.ptr(), 0));
  return first.is_valid() && PyUnicode_Check(first.ptr());
}

// ---- queries ---------------------------------------------------------------------------------

sm::Kind kind_of(const std::string& s) {
  if (auto k = sm::kind_from_string(s)) return *k;
  invalid("scoutmatch.python.6",
          "unknown kind \"" + s + "\" (use company, university, research, startup, public, other)");
}

sm::Mode mode_of(const std::string& s) {
  if (s == "similar") return sm::Mode::similar;
  if (s == "needs") return sm::Mode::needs;
  invalid("scoutmatch.python.7", "mode must be \"similar\" or \"needs\", not \"" + s + "\"");
}

sm::Language lang_of(const std::optional<std::string>& s) {
  if (!s || s->empty()) return sm::Language::unknown;
  if (*s == "de") return sm::Language::de;
  if (*s == "en") return sm::Language::en;
  invalid("scoutmatch.python.8", "lang must be \"de\", \"en\" or None, not \"" + *s + "\"");
}

std::size_t threads_of(std::optional<std::int64_t> t) {
  if (!t) return 0;
  if (*t < 0 || *t > 4096) invalid("scoutmatch.query.6", "threads must be None or 0..4096");
  return static_cast<std::size_t>(*t);
}

std::size_t k_of(std::int64_t k) {
  if (k < 1 || k > static_cast<std::int64_t>(sm::max_k))
    invalid("scoutmatch.query.1",
            "k must be in 1.." + std::to_string(sm::max_k) + ", got " + std::to_string(k));
  return static_cast<std::size_t>(k);
}

// The per-call choices shared by recommend and recommend_batch.
struct Filters {
  std::size_t k = 10;
  std::vector<sm::Kind> kinds;
  std::vector<std::string> countries, regions, exclude;
  std::optional<sm::GeoPoint> near;
  double within_km = std::numeric_limits<double>::infinity();
  bool include_self = false;
  sm::Mode mode = sm::Mode::similar;
  bool explain = false;
  std::size_t explain_terms = 5;
  std::size_t threads = 0;

  sm::Query apply(sm::Query q) const {
    q.k(k)
        .kinds(kinds)
        .countries(countries)
        .regions(regions)
        .exclude(exclude)
        .include_self(include_self)
        .mode(mode)
        .explain(explain, explain_terms);
    if (near) q.within_km(*near, within_km);
    return q;
  }
};

Filters make_filters(std::int64_t k, const std::vector<std::string>& kind,
                     std::vector<std::string> country, std::vector<std::string> region,
                     std::optional<std::pair<double, double>> near, std::optional<double> within_km,
                     std::vector<std::string> exclude, bool include_self, const std::string& mode,
                     bool explain, std::int64_t explain_terms,
                     std::optional<std::int64_t> threads) {
  Filters f;
  f.k = k_of(k);
  for (const auto& s : kind) f.kinds.push_back(kind_of(s));
  f.countries = std::move(country);
  f.regions = std::move(region);
  if (near.has_value() != within_km.has_value())
    invalid("scoutmatch.python.9", "near=(lat, lon) and within_km go together");
  if (near) {
    f.near = sm::GeoPoint{near->first, near->second};
    f.within_km = *within_km;
  }
  f.exclude = std::move(exclude);
  f.include_self = include_self;
  f.mode = mode_of(mode);
  f.explain = explain;
  if (explain_terms < 0 || explain_terms > 1000)
    invalid("scoutmatch.query.5", "explain_terms must be in 0..1000");
  f.explain_terms = static_cast<std::size_t>(explain_terms);
  f.threads = threads_of(threads);
  return f;
}

// The signal-model choices of recommend, recommend_batch and evaluate.
struct SignalArgs {
  std::optional<sm::SignalWeights> weights;
  bool reciprocal = false;
  bool new_partners_only = true;
  sm::Query apply(sm::Query q) const {
    if (weights) q.weights(*weights);
    q.reciprocal(reciprocal).new_partners_only(new_partners_only);
    return q;
  }
};

#define SM_SIGNAL_ARGS \
  "weights"_a = nb::none(), "reciprocal"_a = false, "new_partners_only"_a = true

#define SM_FILTER_ARGS                                                                         \
  "k"_a = 10, "kind"_a = std::vector<std::string>{}, "country"_a = std::vector<std::string>{}, \
  "region"_a = std::vector<std::string>{}, "near"_a = nb::none(), "within_km"_a = nb::none(),  \
  "exclude"_a = std::vector<std::string>{}, "include_self"_a = false, "mode"_a = "similar",    \
  "explain"_a = false, "explain_terms"_a = 5, "threads"_a = nb::none()

using StrList = std::vector<std::string>;
using OptPoint = std::optional<std::pair<double, double>>;

// Fills (scores, docs) arrays from per-query matches.
std::pair<nb::ndarray<nb::numpy, float, nb::ndim<2>>,
          nb::ndarray<nb::numpy, std::int64_t, nb::ndim<2>>>
to_arrays(const std::vector<std::vector<sm::Match>>& results, std::size_t k) {
  auto scores = owned_matrix<float>(results.size(), k, std::numeric_limits<float>::quiet_NaN());
  auto docs = owned_matrix<std::int64_t>(results.size(), k, -1);
  float* s = scores.data();
  std::int64_t* d = docs.data();
  for (std::size_t i = 0; i < results.size(); ++i)
    for (std::size_t j = 0; j < results[i].size() && j < k; ++j) {
      s[i * k + j] = static_cast<float>(results[i][j].score);
      d[i * k + j] = results[i][j].doc;
    }
  return {scores, docs};
}

// ---- options ---------------------------------------------------------------------------------

sm::IndexOptions make_options(double k1, double b, std::optional<nb::dict> field_weights,
                              bool stop_words, bool stem, bool decompound, std::int64_t min_part,
                              std::int64_t max_token, std::optional<std::int64_t> threads,
                              double dense_weight, std::int64_t semantic_dims) {
  sm::IndexOptions o;
  o.dense_weight = dense_weight;
  if (semantic_dims < 0)
    invalid("scoutmatch.lsa.1", "semantic_dims must be in 0.." + std::to_string(sm::lsa_max_dims));
  o.semantic_dims = static_cast<std::size_t>(semantic_dims);
  o.bm25.k1 = k1;
  o.bm25.b = b;
  if (field_weights) {
    for (auto [key, value] : *field_weights) {
      const std::string name = nb::cast<std::string>(key);
      std::size_t f = 0;
      while (f < sm::field_count && sm::to_string(static_cast<sm::Field>(f)) != name) ++f;
      if (f == sm::field_count)
        invalid("scoutmatch.python.10",
                "unknown field \"" + name +
                    "\" in field_weights (name, text, competences, offers, needs, keywords)");
      o.bm25.field_weights[f] = nb::cast<double>(value);
    }
  }
  o.analyzer.stop_words = stop_words;
  o.analyzer.stem = stem;
  o.analyzer.decompound = decompound;
  if (min_part < 0 || max_token < 0)
    invalid("scoutmatch.options.analyzer.1", "min_part and max_token must be positive");
  o.analyzer.min_part = static_cast<std::size_t>(min_part);
  o.analyzer.max_token = static_cast<std::size_t>(max_token);
  o.threads = threads_of(threads);
  o.validate();
  return o;
}

#define SM_OPTION_ARGS                                                               \
  "k1"_a = 1.2, "b"_a = 0.75, "field_weights"_a = nb::none(), "stop_words"_a = true, \
  "stem"_a = true, "decompound"_a = true, "min_part"_a = 3, "max_token"_a = 64,      \
  "threads"_a = nb::none(), "dense_weight"_a = 0.5, "semantic_dims"_a = 0

nb::dict options_dict(const sm::IndexOptions& o) {
  nb::dict d, w;
  d["k1"] = o.bm25.k1;
  d["b"] = o.bm25.b;
  for (std::size_t f = 0; f < sm::field_count; ++f)
    w[std::string(sm::to_string(static_cast<sm::Field>(f))).c_str()] = o.bm25.field_weights[f];
  d["field_weights"] = w;
  d["stop_words"] = o.analyzer.stop_words;
  d["stem"] = o.analyzer.stem;
  d["decompound"] = o.analyzer.decompound;
  d["min_part"] = o.analyzer.min_part;
  d["max_token"] = o.analyzer.max_token;
  d["dense_weight"] = o.dense_weight;
  d["semantic_dims"] = o.semantic_dims;
  return d;
}

std::vector<std::string> field_names(sm::FieldMask m) {
  std::vector<std::string> out;
  for (std::size_t f = 0; f < sm::field_count; ++f)
    if (m & (1u << f)) out.emplace_back(sm::to_string(static_cast<sm::Field>(f)));
  return out;
}

// ---- dense index with a lock: searches share it, add/remove take it alone ----------------------

struct PyDenseIndex {
  sm::DenseIndex index;
  mutable std::shared_mutex mutex;
  explicit PyDenseIndex(sm::DenseIndex ix) : index(std::move(ix)) {}
};

// ---- profile pickling -------------------------------------------------------------------------

nb::tuple profile_state(const sm::Profile& p) {
  return nb::make_tuple(p.id, std::string(sm::to_string(p.kind)), p.name, p.text, p.competences,
                        p.offers, p.needs, p.keywords, std::string(sm::to_string(p.lang)),
                        p.country, p.region, p.city, p.lat, p.lon, p.sme, p.embedding, p.projects,
                        p.partners);
}

nb::dict profile_dict(const sm::Profile& p) {
  nb::dict d;
  d["id"] = p.id;
  d["kind"] = std::string(sm::to_string(p.kind));
  d["name"] = p.name;
  d["text"] = p.text;
  d["competences"] = p.competences;
  d["offers"] = p.offers;
  d["needs"] = p.needs;
  d["keywords"] = p.keywords;
  if (p.lang == sm::Language::unknown)
    d["lang"] = nb::none();
  else
    d["lang"] = std::string(sm::to_string(p.lang));
  d["country"] = p.country;
  d["region"] = p.region;
  d["city"] = p.city;
  d["lat"] = p.lat;
  d["lon"] = p.lon;
  d["sme"] = p.sme;
  if (!p.embedding.empty()) d["embedding"] = p.embedding;
  if (!p.projects.empty()) d["projects"] = p.projects;
  if (!p.partners.empty()) d["partners"] = p.partners;
  return d;
}

// ---- signal weights ---------------------------------------------------------------------------

// {"text": 1.0, ...} over the library defaults (signals not named keep their default), like
// the CLI's --weights. Raises [scoutmatch.signals.1] for an unknown name or a value that is
// not a number, [scoutmatch.signals.2] for a non-finite weight.
sm::SignalWeights weights_of(const nb::dict& d) {
  sm::SignalWeights w;
  for (auto [key, value] : d) {
    if (!PyUnicode_Check(key.ptr()))
      invalid("scoutmatch.signals.1", "signal names must be strings, not " + py_type_name(key));
    const std::string name = nb::cast<std::string>(key);
    const auto s = sm::signal_from_string(name);
    if (!s) {
      std::string known;
      for (std::size_t i = 0; i < sm::signal_count; ++i)
        known += (i ? ", " : "") + std::string(sm::to_string(static_cast<sm::Signal>(i)));
      invalid("scoutmatch.signals.1", "unknown signal \"" + name + "\" (" + known + ")");
    }
    if (PyBool_Check(value.ptr()) || !PyNumber_Check(value.ptr()) || PyUnicode_Check(value.ptr()))
      invalid("scoutmatch.signals.1",
              "the weight of " + name + " must be a number, not " + py_type_name(value));
    const double x = PyFloat_AsDouble(value.ptr());
    if (x == -1.0 && PyErr_Occurred()) {
      PyErr_Clear();
      invalid("scoutmatch.signals.1", "the weight of " + name + " must be a number");
    }
    w[*s] = x;
  }
  w.validate();
  return w;
}

std::optional<sm::SignalWeights> weights_of(const std::optional<nb::dict>& d) {
  if (!d) return std::nullopt;
  return weights_of(*d);
}

nb::dict weights_dict(const sm::SignalWeights& w) {
  nb::dict d;
  for (std::size_t i = 0; i < sm::signal_count; ++i)
    d[std::string(sm::to_string(static_cast<sm::Signal>(i))).c_str()] = w.values[i];
  return d;
}

nb::dict metrics_dict(const sm::EvalResult& r) {
  const std::string ks = std::to_string(r.k);
  nb::dict d;
  d["queries"] = r.queries;
  d[("recall@" + ks).c_str()] = r.recall;
  d[("ndcg@" + ks).c_str()] = r.ndcg;
  d["mrr"] = r.mrr;
  d[("hit@" + ks).c_str()] = r.hit;
  return d;
}

// Evaluation pairs from a JSONL path or a list of (query, relevant) tuples.
std::vector<sm::EvalPair> pairs_of(nb::handle pairs) {
  std::vector<sm::EvalPair> ps;
  if (PyUnicode_Check(pairs.ptr())) {
    const std::string path = nb::cast<std::string>(pairs);
    nb::gil_scoped_release nogil;
    ps = sm::read_pairs(path);
  } else {
    for (nb::handle h : nb::iter(pairs)) {
      auto t = nb::cast<std::pair<std::string, std::vector<std::string>>>(h);
      ps.push_back({std::move(t.first), std::move(t.second)});
    }
  }
  return ps;
}

}  // namespace

#include "hnsw_bindings.hpp"  // scoutmatch.HnswIndex (uses the array helpers above)

NB_MODULE(_scoutmatch, m) {
  m.doc() = "The compiled core of scoutmatch (use the scoutmatch package, not this module).";
  m.attr("__version__") = sm::version_string;
  nb::register_exception_translator(translate);

  // ---- Profile ----
  nb::class_<sm::Profile>(m, "Profile",
                          "One organisation's competence profile (see the README's field table).")
      .def("__init__",
           [](sm::Profile* self, nb::kwargs fields) {
             new (self) sm::Profile(profile_from_record(fields, {"Profile", 1}, sm::ReadOptions{}));
           })
      .def_static("from_dict",
                  [](nb::handle d) {
                    return profile_from_record(d, {"Profile", 1}, sm::ReadOptions{});
                  })
      .def_rw("id", &sm::Profile::id)
      .def_prop_ro("kind", [](const sm::Profile& p) { return std::string(sm::to_string(p.kind)); })
      .def_rw("name", &sm::Profile::name)
      .def_rw("text", &sm::Profile::text)
      .def_rw("competences", &sm::Profile::competences)
      .def_rw("offers", &sm::Profile::offers)
      .def_rw("needs", &sm::Profile::needs)
      .def_rw("keywords", &sm::Profile::keywords)
      .def_prop_ro("lang",
                   [](const sm::Profile& p) -> std::optional<std::string> {
                     if (p.lang == sm::Language::unknown) return std::nullopt;
                     return std::string(sm::to_string(p.lang));
                   })
      .def_rw("country", &sm::Profile::country)
      .def_rw("region", &sm::Profile::region)
      .def_rw("city", &sm::Profile::city)
      .def_ro("lat", &sm::Profile::lat)
      .def_ro("lon", &sm::Profile::lon)
      .def_rw("sme", &sm::Profile::sme)
      .def_rw("projects", &sm::Profile::projects,
              "Ids of joint activities (projects, events, cluster memberships).")
      .def_rw("partners", &sm::Profile::partners, "Profile ids of earlier partners.")
      .def_prop_ro(
          "embedding",
          [](const sm::Profile& p) -> nb::object {
            if (p.embedding.empty()) return nb::none();
            return nb::module_::import_("numpy").attr("asarray")(p.embedding,
                                                                 "dtype"_a = "float32");
          },
          "The profile's embedding (float32 array) or None.")
      .def("to_dict", &profile_dict)
      .def("__eq__", [](const sm::Profile& a,
                        const sm::Profile& b) { return profile_state(a).equal(profile_state(b)); })
      .def("__repr__",
           [](const sm::Profile& p) {
             return "Profile(id=" + std::string(nb::repr(nb::str(p.id.c_str())).c_str()) +
                    ", kind='" + std::string(sm::to_string(p.kind)) +
                    "', name=" + std::string(nb::repr(nb::str(p.name.c_str())).c_str()) + ")";
           })
      .def("__getstate__", [](const sm::Profile& p) { return profile_dict(p); })
      .def("__setstate__", [](sm::Profile& self, nb::dict d) {
        new (&self) sm::Profile(profile_from_record(d, {"pickle", 1}, sm::ReadOptions{}));
      });

  // ---- results ----
  nb::class_<sm::TermContribution>(m, "TermContribution", "One shared term of an explanation.")
      .def_ro("term", &sm::TermContribution::term, "Readable surface form, e.g. 'Wasserstoff'.")
      .def_ro("stem", &sm::TermContribution::stem, "The index term (normalised, stemmed).")
      .def_ro("share", &sm::TermContribution::share, "Share of the score, 0..1.")
      .def_ro("score", &sm::TermContribution::score, "Absolute contribution to the score.")
      .def_prop_ro(
          "fields", [](const sm::TermContribution& t) { return field_names(t.fields); },
          "The candidate's fields the term occurs in.")
      .def("__repr__", [](const sm::TermContribution& t) {
        std::ostringstream s;
        s << "TermContribution(term='" << t.term << "', share=" << t.share << ")";
        return s.str();
      });
  nb::class_<sm::SignalContribution>(m, "SignalContribution",
                                     "One signal's part of a match's score.")
      .def_ro("signal", &sm::SignalContribution::signal, "Signal name, e.g. 'partner_of_partner'.")
      .def_ro("value", &sm::SignalContribution::value, "The signal's value for this pair.")
      .def_ro("contribution", &sm::SignalContribution::contribution,
              "weight x value: its part of Match.score.")
      .def("__iter__",
           [](const sm::SignalContribution& c) {
             return nb::iter(nb::make_tuple(c.signal, c.value, c.contribution));
           })
      .def("__repr__", [](const sm::SignalContribution& c) {
        std::ostringstream s;
        s << "SignalContribution(signal='" << c.signal << "', value=" << c.value
          << ", contribution=" << c.contribution << ")";
        return s.str();
      });
  nb::class_<sm::Explanation>(m, "Explanation", "Why a candidate was recommended.")
      .def_prop_ro(
          "terms", [](const sm::Explanation& e) { return e.terms; },
          "Shared terms, largest contribution first.")
      .def_prop_ro(
          "fields", [](const sm::Explanation& e) { return field_names(e.fields); },
          "Candidate fields that matched.")
      .def_ro("distance_km", &sm::Explanation::distance_km,
              "Distance to the query point or profile, if known.")
      .def_ro("text_score", &sm::Explanation::text_score,
              "The BM25F similarity (before any fusion).")
      .def_ro("dense_score", &sm::Explanation::dense_score, "Cosine of the embeddings, when fused.")
      .def_prop_ro(
          "signals", [](const sm::Explanation& e) { return e.signals; },
          "Each signal with a non-zero part of the score, largest first (signal model only).")
      .def_ro("via", &sm::Explanation::via,
              "Earlier partners of the query that also worked with the candidate (ids, "
              "strongest tie first, at most 5).")
      .def_ro("via_count", &sm::Explanation::via_count, "Number of shared earlier partners.")
      .def_ro("candidate_projects", &sm::Explanation::candidate_projects,
              "The candidate's number of joint activities.")
      .def_ro("summary", &sm::Explanation::summary, "One readable line: why this candidate.")
      .def("__repr__", [](const sm::Explanation& e) {
        std::string s = "Explanation(terms=[";
        for (std::size_t i = 0; i < e.terms.size(); ++i)
          s += (i ? ", '" : "'") + e.terms[i].term + "'";
        return s + "])";
      });
  nb::class_<sm::Match>(m, "Match", "One recommended partner.")
      .def_ro("rank", &sm::Match::rank, "1-based rank.")
      .def_ro("doc", &sm::Match::doc, "Document number in the index (position in Index.profiles).")
      .def_ro("id", &sm::Match::id, "Profile id.")
      .def_ro("name", &sm::Match::name, "Profile name.")
      .def_prop_ro(
          "kind", [](const sm::Match& x) { return std::string(sm::to_string(x.kind)); },
          "Profile kind.")
      .def_ro("score", &sm::Match::score,
              "Higher is better: the BM25F similarity, or with embeddings the fused score "
              "(1 - w) * bm25 / best bm25 + w * max(0, cosine).")
      .def_prop_ro(
          "explanation", [](const sm::Match& x) { return x.explanation; },
          "An Explanation when asked for (explain=True), else None.")
      .def("__repr__", [](const sm::Match& x) {
        std::ostringstream s;
        s << "Match(rank=" << x.rank << ", id='" << x.id << "', kind='" << sm::to_string(x.kind)
          << "', score=" << x.score << ")";
        return s.str();
      });

  // ---- statistics and portable queries (for scoutmatch.dask) ----
  nb::class_<sm::CorpusStatistics>(
      m, "CorpusStatistics", "Mergeable corpus statistics (document frequencies, lengths, counts).")
      .def(nb::init<>())
      .def_ro("docs", &sm::CorpusStatistics::docs)
      .def_prop_ro("terms", [](const sm::CorpusStatistics& s) { return s.terms.size(); })
      .def(
          "merge",
          [](sm::CorpusStatistics& self, const sm::CorpusStatistics& other) {
            nb::gil_scoped_release nogil;
            self.merge(other);
          },
          "other"_a)
      .def("__getstate__",
           [](const sm::CorpusStatistics& s) {
             const auto& a = s.analyzer;
             const auto& b = s.bm25;
             std::vector<double> w(b.field_weights.begin(), b.field_weights.end());
             std::vector<std::uint64_t> tokens(s.all.tokens.begin(), s.all.tokens.end());
             tokens.insert(tokens.end(), s.supply.tokens.begin(), s.supply.tokens.end());
             return nb::make_tuple(
                 1, nb::make_tuple(a.stop_words, a.stem, a.decompound, a.min_part, a.max_token),
                 nb::make_tuple(b.k1, b.b, w), s.docs, tokens, s.all.nonempty, s.supply.nonempty,
                 s.terms, s.df_all, s.df_supply);
           })
      .def("__setstate__",
           [](sm::CorpusStatistics& self, nb::tuple t) {
             new (&self) sm::CorpusStatistics();
             if (nb::len(t) != 10 || nb::cast<int>(t[0]) != 1)
               invalid("scoutmatch.stats.3", "bad CorpusStatistics state");
             nb::tuple a = nb::cast<nb::tuple>(t[1]), b = nb::cast<nb::tuple>(t[2]);
             self.analyzer.stop_words = nb::cast<bool>(a[0]);
             self.analyzer.stem = nb::cast<bool>(a[1]);
             self.analyzer.decompound = nb::cast<bool>(a[2]);
             self.analyzer.min_part = nb::cast<std::size_t>(a[3]);
             self.analyzer.max_token = nb::cast<std::size_t>(a[4]);
             self.bm25.k1 = nb::cast<double>(b[0]);
             self.bm25.b = nb::cast<double>(b[1]);
             const auto w = nb::cast<std::vector<double>>(b[2]);
             if (w.size() != sm::field_count)
               invalid("scoutmatch.stats.3", "bad CorpusStatistics state");
             std::copy(w.begin(), w.end(), self.bm25.field_weights.begin());
             self.docs = nb::cast<std::uint64_t>(t[3]);
             const auto tokens = nb::cast<std::vector<std::uint64_t>>(t[4]);
             if (tokens.size() != 2 * sm::field_count)
               invalid("scoutmatch.stats.3", "bad CorpusStatistics state");
             std::copy_n(tokens.begin(), sm::field_count, self.all.tokens.begin());
             std::copy_n(tokens.begin() + sm::field_count, sm::field_count,
                         self.supply.tokens.begin());
             self.all.nonempty = nb::cast<std::uint64_t>(t[5]);
             self.supply.nonempty = nb::cast<std::uint64_t>(t[6]);
             self.terms = nb::cast<std::vector<std::string>>(t[7]);
             self.df_all = nb::cast<std::vector<std::uint32_t>>(t[8]);
             self.df_supply = nb::cast<std::vector<std::uint32_t>>(t[9]);
             self.validate();
           })
      .def("__repr__", [](const sm::CorpusStatistics& s) {
        return "CorpusStatistics(docs=" + std::to_string(s.docs) +
               ", terms=" + std::to_string(s.terms.size()) + ")";
      });

  nb::class_<sm::PortableQuery>(
      m, "PortableQuery",
      "A query as index terms and weights, runnable on any shard built with the same statistics.")
      .def_prop_ro("mode",
                   [](const sm::PortableQuery& q) { return std::string(sm::to_string(q.mode)); })
      .def_ro("terms", &sm::PortableQuery::terms)
      .def_ro("weights", &sm::PortableQuery::weights)
      .def("__getstate__",
           [](const sm::PortableQuery& q) {
             std::optional<std::pair<double, double>> o;
             if (q.origin) o = std::pair{q.origin->lat, q.origin->lon};
             return nb::make_tuple(std::string(sm::to_string(q.mode)), q.terms, q.weights, o);
           })
      .def("__setstate__", [](sm::PortableQuery& self, nb::tuple t) {
        new (&self) sm::PortableQuery();
        self.mode = mode_of(nb::cast<std::string>(t[0]));
        self.terms = nb::cast<std::vector<std::string>>(t[1]);
        self.weights = nb::cast<std::vector<float>>(t[2]);
        if (auto o = nb::cast<std::optional<std::pair<double, double>>>(t[3]))
          self.origin = sm::GeoPoint{o->first, o->second};
      });

  // ---- the profile index ----
  nb::class_<sm::Index>(m, "_Index", "The C++ profile index (wrapped by scoutmatch.Index).")
      .def(nb::init<>())
      .def_static(
          "build",
          [](nb::handle records, const std::string& source, double k1, double b,
             std::optional<nb::dict> fw, bool stop_words, bool stem, bool decompound,
             std::int64_t min_part, std::int64_t max_token, std::optional<std::int64_t> threads,
             double dw, std::int64_t sdims, const sm::CorpusStatistics* stats) {
            const sm::IndexOptions o = make_options(k1, b, fw, stop_words, stem, decompound,
                                                    min_part, max_token, threads, dw, sdims);
            std::vector<sm::Profile> profiles = profiles_from_records(records, source, o.threads);
            nb::gil_scoped_release nogil;
            return stats ? sm::Index::build(std::move(profiles), o, *stats)
                         : sm::Index::build(std::move(profiles), o);
          },
          "records"_a.none(), "source"_a = "<list>", SM_OPTION_ARGS, "stats"_a = nb::none())
      .def_static(
          "build_from_path",
          [](const std::string& path, double k1, double b, std::optional<nb::dict> fw,
             bool stop_words, bool stem, bool decompound, std::int64_t min_part,
             std::int64_t max_token, std::optional<std::int64_t> threads, double dw,
             std::int64_t sdims, const sm::CorpusStatistics* stats) {
            const sm::IndexOptions o = make_options(k1, b, fw, stop_words, stem, decompound,
                                                    min_part, max_token, threads, dw, sdims);
            nb::gil_scoped_release nogil;
            sm::ReadOptions ro;
            ro.threads = o.threads;
            auto profiles = sm::read_profiles(path, ro);
            return stats ? sm::Index::build(std::move(profiles), o, *stats)
                         : sm::Index::build(std::move(profiles), o);
          },
          "path"_a, SM_OPTION_ARGS, "stats"_a = nb::none())
      .def_static(
          "statistics",
          [](nb::handle records, const std::string& source, double k1, double b,
             std::optional<nb::dict> fw, bool stop_words, bool stem, bool decompound,
             std::int64_t min_part, std::int64_t max_token, std::optional<std::int64_t> threads,
             double dw, std::int64_t sdims) {
            const sm::IndexOptions o = make_options(k1, b, fw, stop_words, stem, decompound,
                                                    min_part, max_token, threads, dw, sdims);
            std::vector<sm::Profile> profiles;
            if (PyUnicode_Check(records.ptr())) {
              const std::string path = nb::cast<std::string>(records);
              nb::gil_scoped_release nogil;
              profiles = sm::read_profiles(path);
            } else {
              profiles = profiles_from_records(records, source, o.threads);
            }
            nb::gil_scoped_release nogil;
            return sm::Index::statistics(profiles, o);
          },
          "records"_a.none(), "source"_a = "<list>", SM_OPTION_ARGS)
      .def_static(
          "load",
          [](const std::string& path) {
            nb::gil_scoped_release nogil;
            return sm::Index::load(path);
          },
          "path"_a)
      .def(
          "save",
          [](const sm::Index& self, const std::string& path) {
            nb::gil_scoped_release nogil;
            self.save(path);
          },
          "path"_a)
      .def("to_bytes",
           [](const sm::Index& self) {
             std::string b;
             {
               nb::gil_scoped_release nogil;
               b = self.to_bytes();
             }
             return nb::bytes(b.data(), b.size());
           })
      .def_static(
          "from_bytes",
          [](nb::bytes data) {
            const std::string_view view(static_cast<const char*>(data.data()), data.size());
            nb::gil_scoped_release nogil;
            return sm::Index::from_bytes(view, "<pickle>");
          },
          "data"_a)
      .def("__getstate__",
           [](const sm::Index& self) {
             std::string b;
             {
               nb::gil_scoped_release nogil;
               b = self.to_bytes();
             }
             return nb::make_tuple(nb::bytes(b.data(), b.size()));
           })
      .def("__setstate__",
           [](sm::Index& self, nb::tuple state) {
             nb::bytes data = nb::cast<nb::bytes>(state[0]);
             const std::string_view view(static_cast<const char*>(data.data()), data.size());
             sm::Index ix;
             {
               nb::gil_scoped_release nogil;
               ix = sm::Index::from_bytes(view, "<pickle>");
             }
             new (&self) sm::Index(std::move(ix));
           })
      .def(
          "updated",
          [](const sm::Index& self, nb::handle upserts, StrList removals,
             std::optional<std::int64_t> threads) {
            std::vector<sm::Profile> profiles = profiles_from_records(upserts, "<list>");
            const std::size_t t = threads_of(threads);
            nb::gil_scoped_release nogil;
            return self.updated(std::move(profiles), removals, t);
          },
          "upserts"_a, "removals"_a = StrList{}, "threads"_a = nb::none())
      .def("__len__", &sm::Index::size)
      .def("contains",
           [](const sm::Index& self, const std::string& id) { return self.contains(id); })
      .def("find", [](const sm::Index& self, const std::string& id) { return self.find(id); })
      .def("ids",
           [](const sm::Index& self) {
             std::vector<std::string> ids;
             ids.reserve(self.size());
             for (const auto& p : self.profiles()) ids.push_back(p.id);
             return ids;
           })
      .def("profiles", [](const sm::Index& self) { return self.profiles(); })
      .def("profile", [](const sm::Index& self, std::uint32_t doc) { return self.profile(doc); })
      .def("options", [](const sm::Index& self) { return options_dict(self.options()); })
      .def("vocabulary_size",
           [](const sm::Index& self) { return self.vectors().vocabulary.size(); })
      .def(
          "recommend",
          [](const sm::Index& self, std::optional<std::string> id, std::optional<std::string> text,
             std::optional<std::string> lang, std::int64_t k, const StrList& kind, StrList country,
             StrList region, OptPoint near, std::optional<double> within_km, StrList exclude,
             bool include_self, const std::string& mode, bool explain, std::int64_t explain_terms,
             std::optional<std::int64_t> threads, std::optional<std::vector<float>> embedding,
             std::optional<double> dense_weight, std::optional<nb::dict> weights, bool reciprocal,
             bool new_partners_only) {
            if (id.has_value() == text.has_value())
              invalid("scoutmatch.query.2", "give exactly one of id and text");
            const SignalArgs sig{weights_of(weights), reciprocal, new_partners_only};
            const Filters f = make_filters(k, kind, std::move(country), std::move(region), near,
                                           within_km, std::move(exclude), include_self, mode,
                                           explain, explain_terms, threads);
            sm::Query q = sig.apply(
                f.apply(id ? sm::Query::similar_to(*id) : sm::Query::text(*text, lang_of(lang))));
            q.threads(f.threads);
            if (embedding) q.embedding(std::move(*embedding));
            if (dense_weight) q.dense_weight(*dense_weight);
            nb::gil_scoped_release nogil;
            return self.recommend(q);
          },
          "id"_a = nb::none(), "text"_a = nb::none(), "lang"_a = nb::none(), SM_FILTER_ARGS,
          "embedding"_a = nb::none(), "dense_weight"_a = nb::none(), SM_SIGNAL_ARGS)
      .def(
          "recommend_batch",
          [](const sm::Index& self, std::optional<StrList> ids, std::optional<StrList> texts,
             std::optional<std::string> lang, std::int64_t k, const StrList& kind, StrList country,
             StrList region, OptPoint near, std::optional<double> within_km, StrList exclude,
             bool include_self, const std::string& mode, bool explain, std::int64_t explain_terms,
             std::optional<std::int64_t> threads, std::optional<double> dense_weight,
             std::optional<nb::dict> weights, bool reciprocal, bool new_partners_only) {
            if (ids.has_value() == texts.has_value())
              invalid("scoutmatch.query.2", "give exactly one of ids and texts");
            const SignalArgs sig{weights_of(weights), reciprocal, new_partners_only};
            const Filters f = make_filters(k, kind, std::move(country), std::move(region), near,
                                           within_km, std::move(exclude), include_self, mode,
                                           explain, explain_terms, threads);
            std::vector<sm::Query> queries;
            const sm::Language l = lang_of(lang);
            if (ids) {
              queries.reserve(ids->size());
              for (auto& id : *ids)
                queries.push_back(sig.apply(f.apply(sm::Query::similar_to(std::move(id)))));
            } else {
              queries.reserve(texts->size());
              for (auto& t : *texts)
                queries.push_back(sig.apply(f.apply(sm::Query::text(std::move(t), l))));
            }
            if (dense_weight)
              for (auto& q : queries) q.dense_weight(*dense_weight);
            std::vector<std::vector<sm::Match>> results;
            {
              nb::gil_scoped_release nogil;
              results = self.recommend_batch(queries, f.threads);
            }
            return to_arrays(results, f.k);
          },
          "ids"_a = nb::none(), "texts"_a = nb::none(), "lang"_a = nb::none(), SM_FILTER_ARGS,
          "dense_weight"_a = nb::none(), SM_SIGNAL_ARGS)
      .def(
          "docs_of",
          [](const sm::Index& self, const StrList& ids) {
            std::vector<std::int64_t> docs;
            docs.reserve(ids.size());
            for (const auto& id : ids) {
              const auto d = self.find(id);
              if (!d)
                throw sm::not_found("scoutmatch.query.not_found",
                                    "no profile with id \"" + id + "\" in the index");
              docs.push_back(*d);
            }
            return docs;
          },
          "ids"_a)
      .def(
          "all_pairs",
          [](const sm::Index& self, const std::vector<std::int64_t>& a,
             const std::vector<std::int64_t>& b, std::int64_t k,
             std::optional<std::int64_t> threads) {
            if (k < 1 || k > 1'000'000)
              invalid("scoutmatch.search.2",
                      "all_pairs: k must be in 1..1000000, got " + std::to_string(k));
            auto docs = [&](const std::vector<std::int64_t>& v) {
              std::vector<std::uint32_t> out;
              out.reserve(v.size());
              for (std::int64_t d : v) {
                if (d < 0 || static_cast<std::uint64_t>(d) >= self.size())
                  invalid("scoutmatch.search.3", "all_pairs: document " + std::to_string(d) +
                                                     " is out of range (the index has " +
                                                     std::to_string(self.size()) + " profiles)");
                out.push_back(static_cast<std::uint32_t>(d));
              }
              return out;
            };
            const std::vector<std::uint32_t> da = docs(a), db = docs(b);
            const std::size_t kk = static_cast<std::size_t>(k);
            sm::SparseAllPairs r;
            {
              nb::gil_scoped_release nogil;
              r = self.all_pairs(da, db, kk, threads_of(threads));
            }
            auto fill = [&](const std::vector<std::vector<sm::ScoredDoc>>& lists) {
              auto scores =
                  owned_matrix<float>(lists.size(), kk, std::numeric_limits<float>::quiet_NaN());
              auto ids = owned_matrix<std::int64_t>(lists.size(), kk, -1);
              for (std::size_t i = 0; i < lists.size(); ++i)
                for (std::size_t j = 0; j < lists[i].size(); ++j) {
                  scores.data()[i * kk + j] = lists[i][j].score;
                  ids.data()[i * kk + j] = lists[i][j].doc;
                }
              return std::make_pair(scores, ids);
            };
            return std::make_pair(fill(r.a), fill(r.b));
          },
          "a"_a, "b"_a, "k"_a = 10, "threads"_a = nb::none())
      .def(
          "filter_docs",
          [](const sm::Index& self, const StrList& kind, StrList country, StrList region,
             OptPoint near, std::optional<double> within_km, StrList exclude) {
            const Filters f =
                make_filters(1, kind, std::move(country), std::move(region), near, within_km,
                             std::move(exclude), false, "similar", false, 0, std::nullopt);
            std::vector<std::int64_t> docs;
            {
              nb::gil_scoped_release nogil;
              sm::FilterSpec spec = f.apply(sm::Query::text("-")).filter();
              for (const auto& id : f.exclude)
                if (auto d = self.find(id)) spec.exclude.push_back(*d);
              const sm::CompiledFilter filter(spec, self.state().attrs);
              for (std::uint32_t d = 0; d < self.size(); ++d)
                if (filter.accepts(d)) docs.push_back(d);
            }
            return docs;
          },
          "kind"_a = StrList{}, "country"_a = StrList{}, "region"_a = StrList{},
          "near"_a = nb::none(), "within_km"_a = nb::none(), "exclude"_a = StrList{})
      .def(
          "portable_queries",
          [](const sm::Index& self, StrList ids, const std::string& mode) {
            const sm::Mode md = mode_of(mode);
            nb::gil_scoped_release nogil;
            std::vector<sm::PortableQuery> out;
            out.reserve(ids.size());
            for (auto& id : ids)
              out.push_back(self.portable_query(sm::Query::similar_to(std::move(id)).mode(md)));
            return out;
          },
          "ids"_a, "mode"_a = "similar")
      .def(
          "recommend_portable_batch",
          [](const sm::Index& self, const std::vector<sm::PortableQuery>& queries,
             StrList query_ids, std::int64_t k, const StrList& kind, StrList country,
             StrList region, OptPoint near, std::optional<double> within_km, StrList exclude,
             bool include_self, const std::string& mode, bool explain, std::int64_t explain_terms,
             std::optional<std::int64_t> threads) {
            if (queries.size() != query_ids.size())
              invalid("scoutmatch.python.3", "one query id per portable query expected");
            const Filters f = make_filters(k, kind, std::move(country), std::move(region), near,
                                           within_km, std::move(exclude), include_self, mode,
                                           explain, explain_terms, threads);
            std::vector<std::vector<sm::Match>> results(queries.size());
            {
              nb::gil_scoped_release nogil;
              std::vector<sm::Query> qs;
              for (auto& id : query_ids)
                qs.push_back(f.apply(sm::Query::similar_to(std::move(id))));
              for (const auto& q : qs) q.validate();
              auto run = [&] {
                tbb::parallel_for(std::size_t{0}, queries.size(), [&](std::size_t i) {
                  results[i] = self.recommend(qs[i], queries[i]);
                });
              };
              if (f.threads == 0)
                run();
              else
                tbb::task_arena(static_cast<int>(std::min<std::size_t>(f.threads, 1024)))
                    .execute(run);
            }
            return to_arrays(results, f.k);
          },
          "queries"_a, "query_ids"_a, SM_FILTER_ARGS)
      .def(
          "evaluate",
          [](const sm::Index& self, nb::handle pairs, std::int64_t k, const StrList& to_kind,
             const std::string& mode, std::optional<std::int64_t> threads,
             std::optional<nb::dict> weights, bool reciprocal, bool new_partners_only) {
            sm::EvalOptions eo;
            eo.k = k_of(k);
            for (const auto& s : to_kind) eo.to_kinds.push_back(kind_of(s));
            eo.mode = mode_of(mode);
            eo.threads = threads_of(threads);
            eo.weights = weights_of(weights);
            eo.reciprocal = reciprocal;
            eo.new_partners_only = new_partners_only;
            const std::vector<sm::EvalPair> ps = pairs_of(pairs);
            sm::EvalResult r;
            {
              nb::gil_scoped_release nogil;
              r = sm::evaluate(self, ps, eo);
            }
            nb::dict d = metrics_dict(r);
            d["skipped_no_relevant"] = r.skipped_no_relevant;
            d["missing_queries"] = r.missing_queries;
            d["missing_relevant"] = r.missing_relevant;
            if (!r.missing_examples.empty()) d["missing_examples"] = r.missing_examples;
            return d;
          },
          "pairs"_a, "k"_a = 10, "to_kind"_a = StrList{}, "mode"_a = "similar",
          "threads"_a = nb::none(), SM_SIGNAL_ARGS)
      .def("weights", [](const sm::Index& self) { return weights_dict(self.options().weights); })
      .def(
          "with_weights",
          [](const sm::Index& self, nb::dict weights) {
            const sm::SignalWeights w = weights_of(weights);
            nb::gil_scoped_release nogil;
            return self.with_weights(w);
          },
          "weights"_a);

  m.def(
      "_vectorize",
      [](nb::handle docs, const std::string& source, std::optional<std::string> lang, double k1,
         double b, std::optional<nb::dict> fw, bool stop_words, bool stem, bool decompound,
         std::int64_t min_part, std::int64_t max_token, std::optional<std::int64_t> threads,
         double dw, std::int64_t sdims) {
        const sm::IndexOptions o = make_options(k1, b, fw, stop_words, stem, decompound, min_part,
                                                max_token, threads, dw, sdims);
        o.validate();
        const sm::Language language = lang_of(lang);
        std::vector<sm::Profile> profiles;
        bool texts = false;
        if (PyUnicode_Check(docs.ptr())) {
          const std::string path = nb::cast<std::string>(docs);
          sm::ReadOptions ro;
          ro.threads = o.threads;
          nb::gil_scoped_release nogil;
          profiles = sm::read_profiles(path, ro);
        } else if (is_text_list(docs)) {
          texts = true;
          profiles = profiles_from_texts(docs, language, o.threads);
        } else {
          profiles = profiles_from_records(docs, source, o.threads);
        }
        std::vector<std::string> ids;
        if (!texts) {
          ids.reserve(profiles.size());
          for (sm::Profile& p : profiles) {
            ids.push_back(std::move(p.id));
            if (p.lang == sm::Language::unknown) p.lang = language;
          }
        }
        sm::SparseVectors rows;
        std::vector<float> idf;
        std::vector<std::string> terms;
        {
          nb::gil_scoped_release nogil;
          sm::detail::in_arena(o.threads, [&] {
            const sm::Analyzer analyzer(o.analyzer);
            sm::CorpusVectors v = sm::vectorize(profiles, analyzer, o.bm25);
            if (v.vocabulary.size() >
                static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
              invalid("scoutmatch.python.15", "more than 2^31 - 1 distinct terms");
            rows = std::move(v.all.sat);
            idf = std::move(v.all.idf);
            terms = v.vocabulary.terms();
            // sat(t,d) * sqrt(idf(t)): the rows' dot products are the BM25F scores.
            std::vector<float> root(idf.size());
            for (std::size_t t = 0; t < idf.size(); ++t) root[t] = std::sqrt(idf[t]);
            tbb::parallel_for(tbb::blocked_range<std::size_t>(0, rows.nnz(), 1u << 16),
                              [&](const auto& r) {
                                for (std::size_t i = r.begin(); i != r.end(); ++i)
                                  rows.values[i] *= root[rows.terms[i]];
                              });
            std::vector<sm::FieldMask>().swap(rows.fields);
            std::vector<sm::Profile>().swap(profiles);
          });
        }
        nb::dict out;
        out["shape"] = nb::make_tuple(rows.rows(), terms.size());
        out["data"] = owned_vector<float>(std::move(rows.values));
        out["indices"] = owned_vector<std::int32_t>(std::move(rows.terms));
        out["indptr"] = owned_vector<std::int64_t>(std::move(rows.offsets));
        out["idf"] = owned_vector<float>(std::move(idf));
        out["terms"] = nb::cast(terms);
        if (texts)
          out["ids"] = nb::none();
        else
          out["ids"] = nb::cast(ids);
        return out;
      },
      "documents"_a.none(), "source"_a = "<list>", "lang"_a = nb::none(), SM_OPTION_ARGS);
  m.def(
      "read_profiles",
      [](const std::string& path, std::optional<std::int64_t> threads,
         std::vector<std::pair<std::string, std::string>> rename) {
        sm::ReadOptions ro;
        ro.threads = threads_of(threads);
        ro.rename = std::move(rename);
        ro.validate();
        nb::gil_scoped_release nogil;
        return sm::read_profiles(path, ro);
      },
      "path"_a, "threads"_a = nb::none(),
      "rename"_a = std::vector<std::pair<std::string, std::string>>{});
  m.def(
      "tune",
      [](const sm::Index& index, nb::handle pairs, std::int64_t k, const StrList& to_kind,
         const std::string& mode, bool reciprocal, std::int64_t folds, std::int64_t rounds,
         std::optional<StrList> signals, std::optional<nb::dict> start,
         std::optional<std::int64_t> threads) {
        sm::TuneOptions o;
        if (k < 1 || folds < 0 || rounds < 1)
          invalid("scoutmatch.tune.1", "k and rounds must be >= 1 and folds >= 0");
        o.k = static_cast<std::size_t>(k);
        for (const auto& s : to_kind) o.to_kinds.push_back(kind_of(s));
        o.mode = mode_of(mode);
        o.reciprocal = reciprocal;
        o.folds = static_cast<std::size_t>(folds);
        o.rounds = static_cast<std::size_t>(rounds);
        if (signals)
          for (const auto& name : *signals) {
            const auto s = sm::signal_from_string(name);
            if (!s) invalid("scoutmatch.signals.1", "unknown signal \"" + name + "\"");
            o.signals.push_back(*s);
          }
        if (start) o.start = weights_of(*start);
        o.threads = threads_of(threads);
        o.validate();
        const std::vector<sm::EvalPair> ps = pairs_of(pairs);
        sm::TuneResult r;
        {
          nb::gil_scoped_release nogil;
          r = sm::tune(index, ps, o);
        }
        nb::dict d;
        d["weights"] = weights_dict(r.weights);
        d["start_weights"] = weights_dict(o.start);
        d["start"] = metrics_dict(r.start);
        d["fitted"] = metrics_dict(r.fitted);
        if (o.folds >= 2) {
          d["cross_validated"] = metrics_dict(r.cross_validated);
          nb::list fw;
          for (const auto& w : r.fold_weights) fw.append(weights_dict(w));
          d["fold_weights"] = fw;
        } else {
          d["cross_validated"] = nb::none();
          d["fold_weights"] = nb::list();
        }
        d["candidates_per_query"] = r.candidates;
        d["missing_queries"] = r.start.missing_queries;
        d["skipped_no_relevant"] = r.start.skipped_no_relevant;
        d["seconds"] = r.seconds;
        return d;
      },
      "index"_a, "pairs"_a, "k"_a = 10, "to_kind"_a = StrList{}, "mode"_a = "similar",
      "reciprocal"_a = false, "folds"_a = 5, "rounds"_a = 3, "signals"_a = nb::none(),
      "start"_a = nb::none(), "threads"_a = nb::none());
  {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < sm::signal_count; ++i)
      names.emplace_back(sm::to_string(static_cast<sm::Signal>(i)));
    m.attr("SIGNALS") = nb::cast(names);
  }
  m.def(
      "assign",
      [](const sm::Index& index, const StrList& companies, const StrList& partners,
         std::int64_t capacity, std::int64_t per_company, const std::string& method,
         std::int64_t candidates, std::optional<std::int64_t> threads) {
        sm::AssignOptions o;
        if (capacity < 1 || per_company < 1 || candidates < 0)
          invalid("scoutmatch.assign.1", "capacity and per_company must be >= 1, candidates >= 0");
        o.partner_capacity = static_cast<std::size_t>(capacity);
        o.per_company = static_cast<std::size_t>(per_company);
        o.candidates = static_cast<std::size_t>(candidates);
        if (method == "flow")
          o.method = sm::AssignMethod::flow;
        else if (method == "stable")
          o.method = sm::AssignMethod::stable;
        else if (method == "greedy")
          o.method = sm::AssignMethod::greedy;
        else
          invalid("scoutmatch.assign.1", "method must be flow, stable or greedy");
        o.relevance.threads = threads_of(threads);
        o.validate();
        sm::Assignment a;
        {
          nb::gil_scoped_release nogil;
          a = sm::assign(index, companies, partners, o);
        }
        nb::list pairs;
        for (const auto& p : a.pairs)
          pairs.append(nb::make_tuple(companies[p.company], partners[p.partner], p.relevance));
        nb::dict d;
        d["pairs"] = pairs;
        d["total_relevance"] = a.total_relevance;
        d["companies"] = a.companies;
        d["companies_placed"] = a.companies_placed;
        d["placed_share"] = a.placed_share();
        return d;
      },
      "index"_a, "companies"_a, "partners"_a, "capacity"_a = 3, "per_company"_a = 1,
      "method"_a = "flow", "candidates"_a = 0, "threads"_a = nb::none());
  m.def(
      "schedule",
      [](const sm::Index& index, const std::string& event_json, bool balance,
         std::optional<std::int64_t> threads) {
        const sm::Event event = sm::parse_event(event_json);
        sm::ScheduleOptions o;
        o.balance = balance;
        o.relevance.threads = threads_of(threads);
        o.validate();
        std::string out;
        {
          nb::gil_scoped_release nogil;
          out = sm::plan_to_json(sm::schedule_meetings(index, event, o), &event);
        }
        return out;
      },
      "index"_a, "event_json"_a, "balance"_a = true, "threads"_a = nb::none());

  m.def(
      "profiles_from_records",
      [](nb::handle records, const std::string& source) {
        return profiles_from_records(records, source);
      },
      "records"_a.none(), "source"_a = "<list>");

  // ---- timing of the bare C++ calls, for bench/python_overhead.py ----
  m.def(
      "_cpp_time_recommend_batch",
      [](const sm::Index& index, StrList ids, std::int64_t k, std::optional<std::int64_t> threads,
         int repeats) {
        std::vector<sm::Query> queries;
        for (auto& id : ids) queries.push_back(sm::Query::similar_to(std::move(id)).k(k_of(k)));
        const std::size_t t = threads_of(threads);
        nb::gil_scoped_release nogil;
        std::vector<double> seconds;
        for (int r = 0; r < repeats; ++r) {
          const auto t0 = std::chrono::steady_clock::now();
          const auto results = index.recommend_batch(queries, t);
          seconds.push_back(
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
        return seconds;
      },
      "index"_a, "ids"_a, "k"_a, "threads"_a, "repeats"_a);
  m.def(
      "_cpp_time_dense_search",
      [](const PyDenseIndex& s, nb::handle queries, std::int64_t k,
         std::optional<std::int64_t> threads, int repeats) {
        const FloatRows q = float_rows(queries, "queries", s.index.dim());
        const std::size_t kk = static_cast<std::size_t>(k), t = threads_of(threads);
        nb::gil_scoped_release nogil;
        std::vector<double> seconds;
        std::vector<float> scores(q.rows * kk);
        std::vector<std::int64_t> ids(q.rows * kk);
        for (int r = 0; r < repeats; ++r) {
          const auto t0 = std::chrono::steady_clock::now();
          s.index.search({q.data, q.rows * s.index.dim()}, q.rows, kk, scores.data(), ids.data(),
                         t);
          seconds.push_back(
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
        return seconds;
      },
      "index"_a, "queries"_a, "k"_a, "threads"_a, "repeats"_a);

  // ---- dense vectors ----
  nb::class_<PyDenseIndex>(m, "DenseIndex")
      .def(
          "__init__",
          [](PyDenseIndex* self, std::int64_t dim, const std::string& metric,
             const std::string& precision) {
            if (dim < 1)
              invalid("scoutmatch.dense.1", "dimension must be >= 1, got " + std::to_string(dim));
            new (self) PyDenseIndex(sm::DenseIndex(static_cast<std::size_t>(dim),
                                                   sm::metric_from_string(metric),
                                                   sm::precision_from_string(precision)));
          },
          "dim"_a, "metric"_a = "ip", nb::kw_only(), "precision"_a = "f32")
      .def_prop_ro("dim", [](const PyDenseIndex& s) { return s.index.dim(); })
      .def_prop_ro(
          "metric",
          [](const PyDenseIndex& s) { return std::string(sm::to_string(s.index.metric())); })
      .def_prop_ro(
          "precision",
          [](const PyDenseIndex& s) { return std::string(sm::to_string(s.index.precision())); })
      .def_prop_ro("memory_bytes",
                   [](const PyDenseIndex& s) {
                     nb::gil_scoped_release nogil;
                     std::shared_lock lock(s.mutex);
                     return s.index.memory_bytes();
                   })
      .def("__len__",
           [](const PyDenseIndex& s) {
             nb::gil_scoped_release nogil;
             std::shared_lock lock(s.mutex);
             return s.index.size();
           })
      .def("__contains__",
           [](const PyDenseIndex& s, nb::handle id) {
             std::int64_t v = 0;
             if (PyBool_Check(id.ptr()) || !nb::try_cast(id, v)) return false;
             nb::gil_scoped_release nogil;
             std::shared_lock lock(s.mutex);
             return s.index.contains(v);
           })
      .def_prop_ro("ids",
                   [](const PyDenseIndex& s) {
                     std::vector<std::int64_t> ids;
                     {
                       nb::gil_scoped_release nogil;
                       std::shared_lock lock(s.mutex);
                       ids = s.index.ids();
                     }
                     auto* data = new std::int64_t[std::max<std::size_t>(ids.size(), 1)];
                     std::copy(ids.begin(), ids.end(), data);
                     nb::capsule owner(
                         data, [](void* p) noexcept { delete[] static_cast<std::int64_t*>(p); });
                     return nb::cast(nb::ndarray<nb::numpy, std::int64_t, nb::ndim<1>>(
                                         data, {ids.size()}, owner),
                                     nb::rv_policy::move);
                   })
      .def(
          "add",
          [](PyDenseIndex& s, nb::handle vectors, nb::handle ids) {
            const FloatRows x = float_rows(vectors, "vectors", s.index.dim());
            const std::vector<std::int64_t> id = int_ids(ids, "ids");
            if (!ids.is_none() && id.size() != x.rows)
              invalid("scoutmatch.dense.2", "expected " + std::to_string(x.rows) +
                                                " ids (one per vector), got " +
                                                std::to_string(id.size()));
            nb::gil_scoped_release nogil;
            std::unique_lock lock(s.mutex);
            s.index.add({x.data, x.rows * s.index.dim()}, x.rows, id);
          },
          "vectors"_a, "ids"_a = nb::none())
      .def(
          "remove",
          [](PyDenseIndex& s, nb::handle ids) {
            const std::vector<std::int64_t> id = int_ids(ids, "ids");
            nb::gil_scoped_release nogil;
            std::unique_lock lock(s.mutex);
            s.index.remove(id);
          },
          "ids"_a)
      .def(
          "search",
          [](const PyDenseIndex& s, nb::handle queries, std::int64_t k,
             std::optional<std::int64_t> threads, nb::handle filter) {
            const FloatRows q = float_rows(queries, "queries", s.index.dim());
            if (k < 1 || k > 1'000'000)
              invalid("scoutmatch.dense.6", "k must be in 1..1000000, got " + std::to_string(k));
            const std::size_t kk = static_cast<std::size_t>(k);
            std::optional<std::vector<std::int64_t>> allowed;
            if (!filter.is_none()) allowed = int_ids(filter, "filter");
            auto scores = owned_matrix<float>(q.rows, kk, 0.0f);
            auto ids = owned_matrix<std::int64_t>(q.rows, kk, 0);
            {
              nb::gil_scoped_release nogil;
              std::shared_lock lock(s.mutex);
              s.index.search({q.data, q.rows * s.index.dim()}, q.rows, kk, scores.data(),
                             ids.data(), threads_of(threads), allowed ? &*allowed : nullptr);
            }
            return std::make_pair(scores, ids);
          },
          "queries"_a, "k"_a = 10, nb::kw_only(), "threads"_a = nb::none(), "filter"_a = nb::none())
      .def(
          "all_pairs",
          [](const PyDenseIndex& s, const PyDenseIndex& other, std::int64_t k,
             std::optional<std::int64_t> threads) {
            if (k < 1 || k > 1'000'000)
              invalid("scoutmatch.dense.6", "k must be in 1..1000000, got " + std::to_string(k));
            const std::size_t kk = static_cast<std::size_t>(k);
            std::vector<float> as, bs;
            std::vector<std::int64_t> ai, bi;
            {
              nb::gil_scoped_release nogil;
              // Shared locks in address order; one for self.all_pairs(self).
              const PyDenseIndex* first = std::min(&s, &other, std::less<>());
              const PyDenseIndex* second = std::max(&s, &other, std::less<>());
              std::shared_lock lock(first->mutex);
              std::shared_lock<std::shared_mutex> lock2;
              if (second != first) lock2 = std::shared_lock(second->mutex);
              as.resize(s.index.size() * kk);
              ai.resize(as.size());
              bs.resize(other.index.size() * kk);
              bi.resize(bs.size());
              sm::all_pairs_topk(s.index, other.index, kk, as.data(), ai.data(), bs.data(),
                                 bi.data(), threads_of(threads));
            }
            auto a_scores = owned_matrix<float>(as.size() / kk, kk, 0.0f);
            auto a_ids = owned_matrix<std::int64_t>(as.size() / kk, kk, 0);
            auto b_scores = owned_matrix<float>(bs.size() / kk, kk, 0.0f);
            auto b_ids = owned_matrix<std::int64_t>(bs.size() / kk, kk, 0);
            std::copy(as.begin(), as.end(), a_scores.data());
            std::copy(ai.begin(), ai.end(), a_ids.data());
            std::copy(bs.begin(), bs.end(), b_scores.data());
            std::copy(bi.begin(), bi.end(), b_ids.data());
            return std::make_pair(std::make_pair(a_scores, a_ids), std::make_pair(b_scores, b_ids));
          },
          "other"_a, "k"_a = 10, nb::kw_only(), "threads"_a = nb::none())
      .def(
          "save",
          [](const PyDenseIndex& s, const std::filesystem::path& path) {
            nb::gil_scoped_release nogil;
            std::shared_lock lock(s.mutex);
            s.index.save(path);
          },
          "path"_a)
      .def_static(
          "load",
          [](const std::filesystem::path& path) {
            nb::gil_scoped_release nogil;
            return std::make_unique<PyDenseIndex>(sm::DenseIndex::load(path));
          },
          "path"_a)
      .def("to_bytes",
           [](const PyDenseIndex& s) {
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
            return std::make_unique<PyDenseIndex>(sm::DenseIndex::from_bytes(view, "<bytes>"));
          },
          "data"_a)
      .def("__getstate__",
           [](const PyDenseIndex& s) {
             std::string b;
             {
               nb::gil_scoped_release nogil;
               std::shared_lock lock(s.mutex);
               b = s.index.to_bytes();
             }
             return nb::make_tuple(nb::bytes(b.data(), b.size()));
           })
      .def("__setstate__",
           [](PyDenseIndex& self, nb::tuple state) {
             nb::bytes data = nb::cast<nb::bytes>(state[0]);
             const std::string_view view(static_cast<const char*>(data.data()), data.size());
             new (&self) PyDenseIndex(sm::DenseIndex::from_bytes(view, "<pickle>"));
           })
      .def("__repr__", [](const PyDenseIndex& s) {
        return "DenseIndex(dim=" + std::to_string(s.index.dim()) + ", metric='" +
               std::string(sm::to_string(s.index.metric())) + "'" +
               (s.index.precision() == sm::Precision::f32
                    ? std::string()
                    : ", precision='" + std::string(sm::to_string(s.index.precision())) + "'") +
               ", size=" + std::to_string(s.index.size()) + ")";
      });

  bind_hnsw(m);  // bindings/python/src/hnsw_bindings.hpp
}
