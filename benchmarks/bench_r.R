# Per-call cost from R: paws.bridge against raw boto3 through reticulate, on one local endpoint.
#
# Contenders, interleaved round by round in this one R process: paws.bridge and boto3 via
# reticulate (reticulate::import("boto3"), its default conversion), for
# resend_confirmation_code and list_users (60 users of 10 attributes). Also: a second
# cognitoidentityprovider() with the same config, and library(paws.bridge) + first call in a
# fresh Rscript. Writes benchmarks/results/r.json.
#
#   Rscript benchmarks/bench_r.R ENDPOINT_FILE [CALLS=300] [ROUNDS=2] [OUT]
#
# ENDPOINT_FILE is the JSON line benchmarks/endpoint.py prints. Needs RETICULATE_PYTHON.

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1L) stop("usage: bench_r.R ENDPOINT_FILE [CALLS] [ROUNDS] [OUT]")
info <- jsonlite::fromJSON(readLines(args[[1L]], warn = FALSE)[[1L]])
calls <- if (length(args) >= 2L) as.integer(args[[2L]]) else 300L
rounds <- if (length(args) >= 3L) as.integer(args[[3L]]) else 2L
out <- if (length(args) >= 4L) args[[4L]] else file.path("benchmarks", "results", "r.json")
key <- "AKIAEXAMPLEEXAMPLE00"; secret <- "secret"; region <- "us-east-1"

suppressPackageStartupMessages(library(paws.bridge))

summary_ms <- function(seconds) {
  ms <- sort(seconds * 1e3)
  list(median_ms = stats::median(ms), p95_ms = ms[[max(1L, round(0.95 * (length(ms) - 1)) + 1L)]],
       mean_ms = mean(ms), n = length(ms))
}

# Each contender `calls` times per round, in a shuffled order each round; per-call times.
# A contender with attribute "loop" runs its own timed loop (Python timing each call inside
# Python) and returns the per-call seconds.
interleaved <- function(contenders, calls, rounds, warmup = 20L) {
  run <- function(f, n) {
    if (isTRUE(attr(f, "loop"))) return(f(n))
    t <- numeric(n)
    for (i in seq_len(n)) {
      t0 <- Sys.time()
      f()
      t[[i]] <- Sys.time() - t0
    }
    t
  }
  for (f in contenders) run(f, warmup)
  times <- lapply(contenders, function(f) numeric())
  set.seed(1L)
  for (r in seq_len(rounds)) {
    for (name in sample(names(contenders))) {
      times[[name]] <- c(times[[name]], run(contenders[[name]], calls))
    }
  }
  lapply(times, summary_ms)
}

config <- list(credentials = list(creds = list(access_key_id = key, secret_access_key = secret)),
               endpoint = info$endpoint, region = region)
svc <- cognitoidentityprovider(config = config)
stopifnot(length(svc$list_users(UserPoolId = info$pool_id)$Users) == 60L)

boto3 <- reticulate::import("boto3")
botocore_config <- reticulate::import("botocore.config")
client <- boto3$client("cognito-idp", endpoint_url = info$endpoint, region_name = region,
                       aws_access_key_id = key, aws_secret_access_key = secret,
                       config = botocore_config$Config(retries = list(
                         total_max_attempts = 4L, mode = "standard")))

# Python's own boto3 figure, measured in this process and interleaved with the R contenders
# (a plain Python loop timing each call, as bench_python.py does), so that slow drift of the
# machine or of the endpoint between the Python and the R phases cannot skew R's ratio.
reticulate::py_run_string(paste(
  "import time",
  "def _pb_timed_loop(call, n):",
  "    out = []",
  "    for _ in range(int(n)):",
  "        t = time.perf_counter(); call(); out.append(time.perf_counter() - t)",
  "    return out",
  "def _pb_resend(c, a, b): return lambda: c.resend_confirmation_code(ClientId=a, Username=b)",
  "def _pb_list(c, p): return lambda: c.list_users(UserPoolId=p)", sep = "\n"))
py_main <- reticulate::import_main(convert = FALSE)
python_loop <- function(call) {
  f <- function(n) as.numeric(reticulate::py_to_r(py_main$`_pb_timed_loop`(call, n)))
  attr(f, "loop") <- TRUE
  f
}
py_client <- reticulate::r_to_py(client)
py_resend <- py_main$`_pb_resend`(py_client, info$client_id, info$username)
py_list <- py_main$`_pb_list`(py_client, info$pool_id)

rows <- list()
row <- function(group, name, stats, ...) c(list(group = group, name = name), stats, list(...))
ops <- list(
  "resend_confirmation_code" = list(
    boto3 = function() client$resend_confirmation_code(ClientId = info$client_id,
                                                       Username = info$username),
    paws.bridge = function() svc$resend_confirmation_code(ClientId = info$client_id,
                                                          Username = info$username),
    python = python_loop(py_resend)),
  "list_users (60 users)" = list(
    boto3 = function() client$list_users(UserPoolId = info$pool_id),
    paws.bridge = function() svc$list_users(UserPoolId = info$pool_id),
    python = python_loop(py_list)))
for (op in names(ops)) {
  stats <- interleaved(ops[[op]], calls, rounds)
  rows[[length(rows) + 1L]] <- row("call (R)", paste("reticulate boto3", op), stats$boto3,
                                   op = op, contender = "reticulate boto3")
  rows[[length(rows) + 1L]] <- row("call (R)", paste("paws.bridge", op), stats$paws.bridge,
                                   op = op, contender = "paws.bridge",
                                   ratio_r = stats$paws.bridge$median_ms / stats$boto3$median_ms,
                                   python_boto3_same_process_ms = stats$python$median_ms,
                                   target = 1.15)
  rows[[length(rows) + 1L]] <- row("call (R)", paste("Python boto3, interleaved here:", op),
                                   stats$python, op = op, contender = "python boto3 (in R's run)")
}

# a second service object with the same config (the first built the Python client)
n <- max(50L, calls)
t <- numeric(n)
for (i in seq_len(n)) {
  t0 <- Sys.time()
  cognitoidentityprovider(config = config)
  t[[i]] <- Sys.time() - t0
}
rows[[length(rows) + 1L]] <- row("setup (R)", "second cognitoidentityprovider()", summary_ms(t),
                                 target_ms = 2)

# library(paws.bridge) and the first call, in fresh R processes
script <- tempfile(fileext = ".R")
writeLines(c(
  "t0 <- Sys.time()",
  "suppressPackageStartupMessages(library(paws.bridge))",
  "t1 <- Sys.time()",
  sprintf(paste0("svc <- cognitoidentityprovider(config = list(credentials = list(creds = ",
                 "list(access_key_id = '%s', secret_access_key = '%s')), endpoint = '%s', ",
                 "region = '%s'))"), key, secret, info$endpoint, region),
  sprintf("invisible(svc$resend_confirmation_code(ClientId = '%s', Username = '%s'))",
          info$client_id, info$username),
  "t2 <- Sys.time()",
  "cat(as.numeric(t1 - t0, units = 'secs'), as.numeric(t2 - t0, units = 'secs'), '\\n')"),
  script)
lib <- first <- numeric()
for (i in 1:3) {
  got <- as.numeric(strsplit(trimws(system2(file.path(R.home("bin"), "Rscript"), script,
                                            stdout = TRUE)), " ")[[1L]])
  lib <- c(lib, got[[1L]]); first <- c(first, got[[2L]])
}
rows[[length(rows) + 1L]] <- row("setup (R)", "library(paws.bridge)", summary_ms(lib))
rows[[length(rows) + 1L]] <- row("setup (R)", "library + constructor + first call (starts Python)",
                                 summary_ms(first))

dir.create(dirname(out), showWarnings = FALSE, recursive = TRUE)
si <- utils::sessionInfo()
writeLines(jsonlite::toJSON(list(
  machine = list(r = R.version.string, reticulate = as.character(utils::packageVersion("reticulate")),
                 date = format(Sys.time(), "%Y-%m-%d %H:%M:%S")),
  calls = calls, rounds = rounds, rows = rows), auto_unbox = TRUE, digits = NA, pretty = TRUE), out)
for (r in rows) {
  cat(sprintf("%-10s %-52s median %8.3f ms  p95 %8.3f ms\n", r$group, r$name, r$median_ms, r$p95_ms))
}
cat("wrote", out, "\n")
