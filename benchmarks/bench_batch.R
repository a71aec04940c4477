# Benchmark: R's batch_call() against Python's batch_call() on the same local endpoint, same process.
#
# ResendConfirmationCode to N unconfirmed users of the local endpoint (started here as a
# child process without LD_LIBRARY_PATH, with --latency-ms), 8 workers, the two runs
# alternated (R, Python, Python, R, ...) so that drift in the server hits both alike. Issue 6's
# target: R's batch within 10% of Python's throughput. Writes JSON to benchmarks/results/.
#
#   RETICULATE_PYTHON=.venv/bin/python Rscript benchmarks/bench_batch.R --latency-ms 50
#   (options: --users 2000 --workers 8 --rounds 2)

library(paws.bridge)

opt <- function(name, default) {
  args <- commandArgs(trailingOnly = TRUE)
  i <- match(paste0("--", name), args)
  if (is.na(i)) default else as.numeric(args[[i + 1L]])
}
n_users <- opt("users", 2000)
latency <- opt("latency-ms", 50)
workers <- opt("workers", 8)
rounds <- opt("rounds", 2)
root <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
  normalizePath(file.path(dirname(f), ".."))
})

child <- paws.bridge:::.pb_spawn_python(c("-m", "paws_bridge.local", "--resend-limit", "0",
                                          "--latency-ms", latency))
on.exit(paws.bridge:::.pb_stop_process(child), add = TRUE)
url <- paws.bridge:::.pb_child_first_line(child, timeout = 60)
creds <- list(access_key_id = "AKIAEXAMPLEEXAMPLE00", secret_access_key = "secret")
svc <- cognitoidentityprovider(config = list(credentials = list(creds = creds)),
                               endpoint = url, region = "eu-west-1")

# set-up (through batch_call() too: serial sign-ups would take n x latency)
t0 <- Sys.time()
pool <- svc$create_user_pool(PoolName = "bench", AutoVerifiedAttributes = "email")$UserPool$Id
client <- svc$create_user_pool_client(UserPoolId = pool, ClientName = "app")$UserPoolClient$ClientId
names <- sprintf("user%05d", seq_len(n_users) - 1L)
rows <- data.frame(Username = names, Password = "Passw0rd!!")
rows$UserAttributes <- lapply(names, function(u) list(list(Name = "email", Value = paste0(u, "@example.com"))))
signed <- batch_call(svc$sign_up, rows, ClientId = client, max_workers = 16, progress = FALSE)
failed <- signed$status != "ok"
if (any(failed)) {  # the local endpoint (moto) now and then fails a concurrent sign-up
  cat(sprintf("set-up: %d sign-ups failed (%s); trying them again\n", sum(failed),
              paste(unique(signed$error_message[failed]), collapse = "; ")))
  again <- batch_call(svc$sign_up, rows[failed, ], ClientId = client, max_workers = 1,
                 progress = FALSE)
  if (!all(again$status == "ok")) {
    stop("set-up failed: ", paste(unique(na.omit(again$error_message)), collapse = "; "))
  }
}
cat(sprintf("set up %d users in %.1fs\n", n_users, as.numeric(difftime(Sys.time(), t0, units = "secs"))))

# the same client settings in Python, for Python's batch_call()
pb <- reticulate::import("paws_bridge", convert = FALSE)
py_svc <- pb$cognitoidentityprovider(
  config = reticulate::dict(credentials = reticulate::dict(creds = reticulate::dict(
    access_key_id = creds$access_key_id, secret_access_key = creds$secret_access_key))),
  endpoint = url, region = "eu-west-1")
py_rows <- reticulate::dict(Username = reticulate::r_to_py(as.list(names)))

summarise <- function(label, seconds, status, codes, stats) {
  status <- factor(status, levels = c("ok", "error", "not_run"))
  counts <- as.list(table(status))
  list(label = label, seconds = seconds, rows_per_s = n_users / seconds,
       ok = counts$ok, error = counts$error, not_run = counts$not_run,
       rows_back = length(status), error_codes = as.list(table(codes)),
       calls = stats$calls, throttled_answers = stats$throttled)
}

run_r <- function() {
  start <- Sys.time()
  out <- batch_call(svc$resend_confirmation_code, data.frame(Username = names), ClientId = client,
               max_workers = workers, progress = FALSE)
  seconds <- as.numeric(difftime(Sys.time(), start, units = "secs"))
  summarise(sprintf("R batch %d", workers), seconds, out$status, na.omit(out$error_code),
            attr(out, "stats"))
}

run_py <- function() {
  start <- Sys.time()
  out <- pb$batch_call(py_svc$resend_confirmation_code, py_rows, ClientId = client,
                  max_workers = as.integer(workers), progress = FALSE)
  seconds <- as.numeric(difftime(Sys.time(), start, units = "secs"))
  status <- reticulate::py_to_r(out[["status"]]$tolist())
  codes <- unlist(reticulate::py_to_r(out[["error_code"]]$dropna()$tolist()))
  stats <- reticulate::py_to_r(out$attrs[["stats"]])
  summarise(sprintf("Python batch %d", workers), seconds, unlist(status), codes, stats)
}

runs <- list()
for (round in seq_len(rounds)) {
  order <- if (round %% 2) c("R", "Python") else c("Python", "R")
  for (who in order) {
    r <- if (who == "R") run_r() else run_py()
    r$round <- round
    runs[[length(runs) + 1L]] <- r
    cat(sprintf("  round %d  %-16s %7.2fs %8.1f rows/s  ok %d\n", round, r$label, r$seconds,
                r$rows_per_s, r$ok))
  }
}

is_r <- vapply(runs, function(r) startsWith(r$label, "R "), logical(1))
secs <- vapply(runs, `[[`, 0, "seconds")
r_rate <- n_users * sum(is_r) / sum(secs[is_r])
py_rate <- n_users * sum(!is_r) / sum(secs[!is_r])
summary <- list(r_rows_per_s = r_rate, python_rows_per_s = py_rate,
                r_vs_python_throughput = r_rate / py_rate,
                within_10_percent = r_rate / py_rate >= 0.9,
                every_row_ok = all(vapply(runs, function(r) r$ok == n_users, logical(1))))
cat(sprintf("\n%d x ResendConfirmationCode, latency %g ms, %d workers, %d rounds\n",
            n_users, latency, workers, rounds))
cat(sprintf("R batch %.1f rows/s, Python batch %.1f rows/s: R/Python = %.3f\n",
            r_rate, py_rate, r_rate / py_rate))

dir.create(file.path(root, "benchmarks", "results"), showWarnings = FALSE, recursive = TRUE)
out_file <- file.path(root, "benchmarks", "results", sprintf("bench_batch_r-lat%g.json", latency))
jsonlite::write_json(list(users = n_users, latency_ms = latency, workers = workers,
                          rounds = rounds, r = R.version.string,
                          python = reticulate::py_config()$version, runs = runs,
                          summary = summary),
                     out_file, auto_unbox = TRUE, pretty = TRUE, digits = NA)
cat(sprintf("wrote %s\n", sub(paste0(root, "/"), "", out_file, fixed = TRUE)))
