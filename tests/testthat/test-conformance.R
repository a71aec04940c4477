# The conformance vectors, from the project's copy of the rds files (the exact R objects paws
# returned), compared with identical(); vectors under a deviation rule are checked against
# the rule instead (as replay.R --mode bridge does).

rds_files <- function() {
  f <- list.files(file.path(corpus_dir(), "rds"), "\\.rds$", full.names = TRUE)
  f[basename(f) != "errors.rds"]
}

run_vector <- function(svc, op, args, status = 200L, body = "{}") {
  t <- conformance_tools()
  srv <- canned_server()
  t$ce_reset(srv)
  t$ce_queue(srv, list(list(status = status, body = body)))
  r <- t$ce_call(svc, op, args)
  r$requests <- t$ce_log(srv)
  r
}

vector_op <- function(id) sub("/.*$", "", id)

test_that("responses come back identical() to paws's values", {
  skip_without_bridge()
  svc <- bridge_client()
  rules <- deviation_rules()
  checked <- 0L
  for (f in rds_files()) {
    outs <- readRDS(f)$outputs
    for (id in names(outs)) {
      v <- outs[[id]]
      op <- vector_op(id)
      r <- run_vector(svc, op, v$call_args, v$status, v$body)
      rule <- find_deviation(id, rules)
      if (!is.null(rule) && identical(rule$expect$kind, "value_as")) {
        other <- outs[[sub("{op}", op, rule$expect$vector, fixed = TRUE)]]
        expect_true(r$ok, label = id)
        expect_identical(r$value, other$value, label = id)
      } else if (!is.null(rule) && identical(rule$expect$kind, "error_before_request")) {
        # the call_args hold a value the bridge refuses (deviations.json names the vector)
        expect_false(r$ok, label = paste(id, "is refused"))
        expect_true(inherits(r$condition, "paws_bridge_invalid_argument"), label = id)
      } else if (!is.null(rule) || (!is.null(v$condition) && !inherits(v$condition, "paws_error"))) {
        # a paws crash (or a listed bug): the bridge returns a value
        expect_true(r$ok, label = paste(id, "returns a value"))
      } else if (!is.null(v$condition)) {
        expect_false(r$ok, label = id)
      } else {
        expect_true(r$ok, label = paste(id, if (!r$ok) conditionMessage(r$condition)))
        expect_identical(r$value, v$value, label = id)
      }
      checked <- checked + 1L
    }
  }
  expect_gt(checked, 600L)
})

test_that("requests carry the JSON paws sends, or are refused before sending", {
  skip_without_bridge()
  svc <- bridge_client()
  rules <- deviation_rules()
  for (f in rds_files()) {
    ins <- readRDS(f)$inputs
    for (id in names(ins)) {
      v <- ins[[id]]
      r <- run_vector(svc, vector_op(id), v$args)
      rule <- find_deviation(id, rules)
      kind <- if (!is.null(rule)) rule$expect$kind else if (!is.null(v$condition)) "error_before_request" else "body"
      if (identical(kind, "error_before_request")) {
        expect_false(r$ok, label = paste(id, "is refused"))
        expect_length(r$requests, 0L)
        next
      }
      want <- if (!is.null(rule)) rule$expect$body else jsonlite::parse_json(v$body)
      if (!r$ok && length(r$requests) == 0L &&
          grepl("got a vector of length|NA is not a value", conditionMessage(r$condition))) {
        # the bridge's refusal of what paws mangles (deviations.json): only where the
        # arguments really hold an NA or a longer vector
        expect_true(has_refusable(v$args), label = paste(id, "refused for a reason"))
        next
      }
      expect_true(r$ok, label = paste(id, if (!r$ok) conditionMessage(r$condition)))
      expect_length(r$requests, 1L)
      got <- jsonlite::parse_json(r$requests[[1]]$body)
      expect_true(json_equal(got, want), label = paste(id, "body", r$requests[[1]]$body))
      if (!is.null(v$target)) expect_identical(r$requests[[1]]$target, v$target, label = paste(id, "target"))
    }
  }
})

test_that("error vectors give paws's conditions", {
  skip_without_bridge()
  t <- conformance_tools()
  srv <- canned_server()
  rules <- deviation_rules()
  errs <- readRDS(file.path(corpus_dir(), "rds", "errors.rds"))
  vectors <- jsonlite::read_json(file.path(corpus_dir(), "errors.json"))
  ops <- stats::setNames(vapply(vectors, function(v) v$op, character(1)),
                         vapply(vectors, function(v) v$id, character(1)))
  for (id in names(errs)) {
    v <- errs[[id]]
    svc <- bridge_client(v$max_retries)
    t$ce_reset(srv)
    t$ce_queue(srv, v$responses)
    r <- t$ce_call(svc, ops[[id]], v$call_args)
    n <- length(t$ce_log(srv))
    rule <- find_deviation(id, rules)
    e <- if (!is.null(rule)) rule$expect else NULL
    if (!is.null(e) && !is.null(e$requests)) expect_equal(n, e$requests, label = paste(id, "requests"))
    if (!is.null(e) && e$kind == "value") {
      expect_true(r$ok, label = id)
    } else if (!is.null(e) && e$kind == "error") {
      expect_false(r$ok, label = id)
      if (!r$ok) {
        expect_true(all(unlist(e$class_includes) %in% class(r$condition)), label = paste(id, "class"))
        msg <- conditionMessage(r$condition)
        if (!is.null(e[["message"]])) expect_identical(msg, e[["message"]])
        if (!is.null(e[["message_prefix"]])) expect_true(startsWith(msg, e[["message_prefix"]]), label = id)
        if (!is.null(e[["message_contains"]])) expect_match(msg, e[["message_contains"]], fixed = TRUE)
        if (!is.null(e[["status_code"]])) expect_identical(r$condition$status_code, as.integer(e[["status_code"]]))
      }
    } else if (is.null(v$condition)) {
      expect_true(r$ok, label = id)
      expect_identical(r$value, v$value, label = id)
    } else if (!inherits(v$condition, "paws_error")) {
      # R's own argument errors (missing, unused): the same condition as in paws
      expect_false(r$ok, label = id)
      expect_identical(class(r$condition), class(v$condition), label = id)
      expect_identical(conditionMessage(r$condition), conditionMessage(v$condition), label = id)
      expect_equal(n, 0L)
    } else {
      expect_false(r$ok, label = id)
      if (!r$ok) {
        got <- class(r$condition)
        expect_identical(got[-1], class(v$condition), label = paste(id, "class"))
        expect_identical(got[1], sub("^.*#", "", v$condition$error_response[["__type"]]))
        expect_identical(conditionMessage(r$condition), conditionMessage(v$condition), label = id)
        expect_identical(r$condition$status_code, v$condition$status_code, label = id)
        expect_identical(r$condition$error_response, v$condition$error_response, label = id)
        expect_identical(attr(r$condition, "error_response"), attr(v$condition, "error_response"))
      }
    }
  }
})
