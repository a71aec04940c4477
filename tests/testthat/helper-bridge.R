# Shared set-up for the R tests: which Python, the conformance corpus, the canned server.
#
# The bridge needs a Python with paws_bridge; in this repository that is .venv (set
# RETICULATE_PYTHON to use another). The corpus' own tools (typed_json.R,
# conformance_engine.R) run the vectors, exactly as replay.R does.

.pb_test_root <- normalizePath(file.path(testthat::test_path(), "..", ".."), mustWork = FALSE)

if (!nzchar(Sys.getenv("RETICULATE_PYTHON"))) {
  venv_python <- file.path(.pb_test_root, ".venv", "bin", "python")
  if (file.exists(venv_python)) Sys.setenv(RETICULATE_PYTHON = venv_python)
}
# Nothing may leave the loopback interface, whatever a test gets wrong.
Sys.setenv(AWS_EC2_METADATA_DISABLED = "true", AWS_ACCESS_KEY_ID = "AKID",
           AWS_SECRET_ACCESS_KEY = "SECRET", AWS_REGION = "us-east-1")

corpus_dir <- function() file.path(.pb_test_root, "tests", "conformance")

# What a test needs and may lack: skipped with the reason (reported by name in the summary of
# scripts/run_r_tests.R), except under `make test` / scripts/run_r_tests.R, which set
# PAWS_BRIDGE_TEST_STRICT=true: there a test that cannot run fails, so a missing Python can
# never pass as a green suite.
need <- function(ok, reason) {
  if (isTRUE(ok)) {
    return(invisible(TRUE))
  }
  if (identical(Sys.getenv("PAWS_BRIDGE_TEST_STRICT"), "true")) {
    stop(reason, " -- this suite must run every test (run `make setup`)", call. = FALSE)
  }
  testthat::skip(reason)
}

skip_without_bridge <- function() {
  why <- NULL
  ok <- tryCatch({ paws.bridge:::.pb_runtime(); TRUE }, error = function(e) {
    why <<- conditionMessage(e)
    FALSE
  })
  need(ok, paste0("no Python with paws_bridge (set RETICULATE_PYTHON): ", why))
}

# The corpus tools, sourced once into their own environment.
conformance_tools <- local({
  tools <- NULL
  function() {
    if (is.null(tools)) {
      dir <- file.path(corpus_dir(), "tools")
      assign(".ce_tools_dir", dir, envir = globalenv())
      tools <<- new.env(parent = globalenv())
      sys.source(file.path(dir, "typed_json.R"), envir = tools)
      sys.source(file.path(dir, "conformance_engine.R"), envir = tools)
    }
    tools
  }
})

# One canned server for the whole test run (the tools start it without LD_LIBRARY_PATH);
# stopped when this state is collected or R exits.
.canned <- new.env(parent = emptyenv())
reg.finalizer(.canned, function(e) {
  if (!is.null(e$srv)) conformance_tools()$ce_stop_server(e$srv)
}, onexit = TRUE)

canned_server <- function() {
  if (is.null(.canned$srv)) {
    python <- Sys.getenv("CONFORMANCE_PYTHON", "python3")
    .canned$srv <- conformance_tools()$ce_start_server(python = python, max_seconds = 1800)
  }
  .canned$srv
}

bridge_client <- function(max_retries = 0L) {
  conformance_tools()$ce_client(paws.bridge::cognitoidentityprovider, canned_server(),
                                max_retries = max_retries)
}

deviation_rules <- function() {
  jsonlite::read_json(file.path(corpus_dir(), "deviations.json"), simplifyVector = FALSE)$rules
}

find_deviation <- function(id, rules = deviation_rules()) {
  for (r in rules) if (grepl(utils::glob2rx(r$match), id)) return(r)
  NULL
}

# JSON values equal: object keys in any order, numbers to 12 significant digits (bridge mode).
json_equal <- function(a, b, tol = 1e-12) {
  if (is.list(a) && is.list(b)) {
    na <- names(a); nb <- names(b)
    if (is.null(na) != is.null(nb) || length(a) != length(b)) return(FALSE)
    if (is.null(na)) return(all(vapply(seq_along(a), function(i) json_equal(a[[i]], b[[i]], tol), logical(1))))
    if (!setequal(na, nb)) return(FALSE)
    return(all(vapply(na, function(k) json_equal(a[[k]], b[[k]], tol), logical(1))))
  }
  if (is.list(a) || is.list(b)) return(FALSE)
  if (is.numeric(a) && is.numeric(b)) {
    return(length(a) == length(b) && isTRUE(all.equal(as.numeric(a), as.numeric(b), tolerance = tol)))
  }
  identical(a, b)
}

# TRUE when an argument value holds what the bridge refuses and paws mangles: NA anywhere, or
# an atomic vector longer than 1 (outside documents the bridge reads such a vector as a list
# only where the shape is a list, so this is a necessary condition, checked against the
# bridge's own message).
has_refusable <- function(x) {
  if (is.list(x)) return(any(vapply(x, has_refusable, logical(1))))
  if (is.raw(x) || is.null(x)) return(FALSE)
  anyNA(x) || length(x) > 1L || (!is.character(x) && !is.numeric(x) && !is.logical(x) && !is.factor(x))
}
