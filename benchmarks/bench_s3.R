# S3 from R: paws.bridge beside Python's boto3, measured in this one R process.
#
# boto3's figures are timed inside Python (a loop of boto3 calls, reached once through
# reticulate), interleaved round by round with paws.bridge's calls from R, so both see the
# same machine load. put_object / get_object of 1 KB and 64 MB, list_objects_v2 of 1,000
# keys; then get_object of a 256 MB object into R once: throughput against boto3's read in
# Python, and this R process's peak resident memory above its level before the call.
# Writes benchmarks/results/s3_r.json.
#
#   Rscript benchmarks/bench_s3.R ENDPOINT [CALLS=30] [ROUNDS=2]

args <- commandArgs(trailingOnly = TRUE)
endpoint <- args[[1L]]
calls <- if (length(args) >= 2L) as.integer(args[[2L]]) else 30L
rounds <- if (length(args) >= 3L) as.integer(args[[3L]]) else 2L
suppressPackageStartupMessages(library(paws.bridge))
MB <- 1024 * 1024

s3 <- paws.bridge::s3(config = list(
  credentials = list(creds = list(access_key_id = "test", secret_access_key = "test")),
  endpoint = endpoint, region = "us-east-1", s3_force_path_style = TRUE))
reticulate::py_run_string(sprintf('
import time, boto3, botocore.config
b3 = boto3.client("s3", endpoint_url="%s", region_name="us-east-1",
                  aws_access_key_id="test", aws_secret_access_key="test",
                  config=botocore.config.Config(s3={"addressing_style": "path"}))
small, big = b"x" * 1024, b"y" * (64 * 1024 * 1024)
OPS = {
  "put_object 1 KB": lambda: b3.put_object(Bucket="bench-s3", Key="small", Body=small),
  "get_object 1 KB": lambda: b3.get_object(Bucket="bench-s3", Key="small")["Body"].read(),
  "list_objects_v2 1,000 keys": lambda: b3.list_objects_v2(Bucket="bench-s3", Prefix="list/"),
  "put_object 64 MB": lambda: b3.put_object(Bucket="bench-s3", Key="big2", Body=big),
  "get_object 64 MB": lambda: b3.get_object(Bucket="bench-s3", Key="big")["Body"].read(),
}
def timed(name, n):
    out = []
    for _ in range(int(n)):
        t0 = time.perf_counter(); OPS[name](); out.append(time.perf_counter() - t0)
    return out
def huge():
    t0 = time.perf_counter()
    n = len(b3.get_object(Bucket="bench-s3", Key="huge")["Body"].read())
    return time.perf_counter() - t0
', endpoint))
py <- reticulate::py

small <- as.raw(rep(0x78, 1024)); big <- as.raw(rep(0x79, 64 * MB))
r_ops <- list(
  "put_object 1 KB" = function() s3$put_object(Bucket = "bench-s3", Key = "small", Body = small),
  "get_object 1 KB" = function() s3$get_object(Bucket = "bench-s3", Key = "small")$Body,
  "list_objects_v2 1,000 keys" = function() s3$list_objects_v2(Bucket = "bench-s3", Prefix = "list/"),
  "put_object 64 MB" = function() s3$put_object(Bucket = "bench-s3", Key = "big2", Body = big),
  "get_object 64 MB" = function() s3$get_object(Bucket = "bench-s3", Key = "big")$Body)
n_of <- function(name) if (grepl("64 MB", name)) 2L else if (grepl("list", name)) max(3L, calls %/% 5L) else calls

time_r <- function(f, n) {
  t <- numeric(n)
  for (i in seq_len(n)) { t0 <- Sys.time(); f(); t[[i]] <- as.numeric(Sys.time() - t0, units = "secs") }
  t
}
rows <- list()
set.seed(1L)
for (name in names(r_ops)) {
  n <- n_of(name)
  r_ops[[name]](); py$timed(name, 1L)  # warm-up
  rt <- numeric(); pt <- numeric()
  for (r in seq_len(rounds)) {
    if (runif(1) < 0.5) { rt <- c(rt, time_r(r_ops[[name]], n)); pt <- c(pt, unlist(py$timed(name, n))) }
    else { pt <- c(pt, unlist(py$timed(name, n))); rt <- c(rt, time_r(r_ops[[name]], n)) }
  }
  rows[[name]] <- list(paws_bridge_r_ms = stats::median(rt) * 1e3,
                       boto3_python_ms = stats::median(pt) * 1e3,
                       ratio = stats::median(rt) / stats::median(pt))
  cat(sprintf("%-28s boto3 (Python) %8.2f ms  paws.bridge (R) %8.2f ms  ratio %.2f\n", name,
              rows[[name]]$boto3_python_ms, rows[[name]]$paws_bridge_r_ms, rows[[name]]$ratio))
}

status <- function(field) {
  line <- grep(paste0("^", field, ":"), readLines("/proc/self/status"), value = TRUE)
  as.numeric(strsplit(trimws(sub(".*:", "", line)), " +")[[1L]][[1L]]) * 1024
}
py_seconds <- py$huge()
invisible(gc()); invisible(gc())
writeLines("5", "/proc/self/clear_refs")
base <- status("VmRSS")
t0 <- proc.time()[["elapsed"]]
body <- s3$get_object(Bucket = "bench-s3", Key = "huge")$Body
r_seconds <- proc.time()[["elapsed"]] - t0
peak <- status("VmHWM") - base
stopifnot(length(body) == 256 * MB)
rm(body)
huge <- list(size_bytes = 256 * MB, r_seconds = r_seconds, boto3_python_seconds = py_seconds,
             r_MB_per_s = 256 / r_seconds, boto3_python_MB_per_s = 256 / py_seconds,
             throughput_ratio = py_seconds / r_seconds, peak_bytes = peak,
             peak_x_object = peak / (256 * MB))
cat(sprintf("get_object 256 MB into R: %.0f MB/s (boto3 in Python %.0f MB/s, ratio %.2f); peak %.2f x object\n",
            huge$r_MB_per_s, huge$boto3_python_MB_per_s, huge$throughput_ratio, huge$peak_x_object))
dir.create(file.path("benchmarks", "results"), showWarnings = FALSE)
writeLines(jsonlite::toJSON(list(per_call = rows, get_object_256MB = huge), auto_unbox = TRUE,
                            pretty = TRUE, digits = 6),
           file.path("benchmarks", "results", "s3_r.json"))
