#pragma once
/// \file scoutmatch.hpp
/// Umbrella header: everything a program needs to build, query, evaluate, save and load
/// a scoutmatch index.
///
///     #include <scoutmatch/scoutmatch.hpp>
///     namespace sm = scoutmatch;
///     auto index = sm::Index::build(sm::read_profiles("profiles.jsonl"));
///     for (const sm::Match& m : index.recommend(sm::Query::similar_to("c1").k(5).explain()))
///       std::cout << m.rank << ' ' << m.id << ' ' << m.score << '\n';

#include "scoutmatch/error.hpp"
#include "scoutmatch/index/filter.hpp"
#include "scoutmatch/index/inverted_index.hpp"
#include "scoutmatch/index/partner_graph.hpp"
#include "scoutmatch/io/event_file.hpp"
#include "scoutmatch/io/index_file.hpp"
#include "scoutmatch/io/landscape_page.hpp"
#include "scoutmatch/io/portfolio_report.hpp"
#include "scoutmatch/io/read_pairs.hpp"
#include "scoutmatch/io/read_profiles.hpp"
#include "scoutmatch/match/assign.hpp"
#include "scoutmatch/match/evaluate.hpp"
#include "scoutmatch/match/index.hpp"
#include "scoutmatch/match/landscape.hpp"
#include "scoutmatch/match/live_index.hpp"
#include "scoutmatch/match/query.hpp"
#include "scoutmatch/match/relevance.hpp"
#include "scoutmatch/match/schedule.hpp"
#include "scoutmatch/match/signals.hpp"
#include "scoutmatch/match/tune.hpp"
#include "scoutmatch/text/analyzer.hpp"
#include "scoutmatch/types.hpp"
#include "scoutmatch/vectorize/bm25.hpp"
#include "scoutmatch/vectorize/lsa.hpp"
#include "scoutmatch/vectorize/sparse_vectors.hpp"
#include "scoutmatch/vectorize/vectorizer.hpp"
#include "scoutmatch/vectorize/vocabulary.hpp"
#include "scoutmatch/version.hpp"
