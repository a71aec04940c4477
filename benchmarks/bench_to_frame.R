# to_frame() over 5,000 users: R's to_frame() against Python's frames.to_frame() on the same
# pages (50 pages of 100 users of 10 attributes, as Cognito writes them), in one R process.
#
# The pages are built once in Python (paws_bridge.outputs, from a ListUsers body) and handed
# to R as the R values paws returns (paws_bridge.r.to_r, through the exchange environment);
# Python's timing is a plain Python loop over the same Python pages. Target (issue 14): the
# R figure <= 1.5 x the Python figure. Writes benchmarks/results/to_frame.json.
#
#   RETICULATE_PYTHON=.venv/bin/python Rscript benchmarks/bench_to_frame.R [ROUNDS=3] [OUT]

args <- commandArgs(trailingOnly = TRUE)
rounds <- if (length(args) >= 1L) as.integer(args[[1L]]) else 3L
out <- if (length(args) >= 2L) args[[2L]] else file.path("benchmarks", "results", "to_frame.json")
pages_n <- 50L
per_page <- 100L

suppressPackageStartupMessages(library(paws.bridge))
rt <- paws.bridge:::.pb_runtime()  # the exchange environment, attached to Python

reticulate::py_run_string(paste(
  "import sys, time",
  "sys.path.insert(0, 'benchmarks')",
  "from bench_convert import users_body",
  "import paws_bridge",
  "from paws_bridge import frames, outputs",
  "from paws_bridge.r import exchange, to_r",
  "_tf_shape = paws_bridge.cognitoidentityprovider(region='us-east-1')\\",
  "    .operation('list_users').output_shape",
  sprintf("_tf_pages = [outputs.build_output(_tf_shape, {outputs.RAW_BODY_KEY: users_body(%d)})", per_page),
  sprintf("             for _ in range(%d)]", pages_n),
  "def _tf_page_to_r(i):",
  "    exchange.put('result', to_r.output_builder(_tf_shape)(_tf_pages[int(i)]))",
  "def _tf_python(rounds):",
  "    out = []",
  "    for _ in range(int(rounds)):",
  "        t = time.perf_counter()",
  "        frame = frames.to_frame(_tf_pages, operation='list_users')",
  "        out.append(time.perf_counter() - t)",
  "    assert len(frame) == len(_tf_pages) * len(_tf_pages[0]['Users'])",
  "    return out", sep = "\n"))
py <- reticulate::import_main()

pages <- lapply(seq_len(pages_n) - 1L, function(i) {
  py$`_tf_page_to_r`(i)
  paws.bridge:::.pb_take(rt$exchange, "result")
})
stopifnot(length(pages[[1]]$Users) == per_page, inherits(pages[[1]]$Users[[1]]$UserCreateDate, "POSIXct"))

invisible(to_frame(pages))  # warm: the column plan and the readers compiled once, as in a session
invisible(py$`_tf_python`(1L))  # warm (imports pandas)
# R and Python interleaved round by round, so that drift of a shared machine hits both alike
frame <- NULL
r_times <- py_times <- numeric(rounds)
for (i in seq_len(rounds)) {
  r_times[[i]] <- system.time(frame <- to_frame(pages))[["elapsed"]]
  py_times[[i]] <- unlist(py$`_tf_python`(1L))
}
stopifnot(nrow(frame) == pages_n * per_page, identical(frame$email[[1]], "email-value-0"))
r_s <- stats::median(r_times)
py_s <- stats::median(py_times)
result <- list(users = pages_n * per_page, pages = pages_n, rounds = rounds,
               r_median_s = r_s, python_median_s = py_s, ratio = r_s / py_s, target_ratio = 1.5,
               columns = ncol(frame))
cat(sprintf("to_frame over %d users (%d pages): R %.3f s, Python %.3f s, ratio %.2f (target <= 1.5)\n",
            result$users, pages_n, r_s, py_s, result$ratio))
dir.create(dirname(out), showWarnings = FALSE, recursive = TRUE)
writeLines(jsonlite::toJSON(result, auto_unbox = TRUE, pretty = TRUE, digits = 6), out)
