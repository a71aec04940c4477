# Finding Python lazily, importing the core, child Python processes without LD_LIBRARY_PATH.
# The tests run with RETICULATE_PYTHON set to a Python that has paws-bridge installed.

rscript <- file.path(R.home("bin"), "Rscript")

# Run R code in a fresh R process with the same library paths; returns its output lines.
run_r <- function(code, env = character()) {
  script <- tempfile(fileext = ".R")
  on.exit(unlink(script))
  writeLines(c(sprintf(".libPaths(%s)", paste(deparse(.libPaths()), collapse = "")), code),
             script)
  out <- suppressWarnings(system2(rscript, c("--vanilla", shQuote(script)), stdout = TRUE,
                                  stderr = TRUE, env = env))
  out
}

test_that("library(paws.bridge) starts no Python", {
  out <- run_r(c("library(paws.bridge)",
                 "cat('started:', reticulate::py_available(initialize = FALSE), '\\n')"))
  expect_true(any(grepl("started: FALSE", out, fixed = TRUE)), info = paste(out, collapse = "\n"))
})

test_that("without RETICULATE_PYTHON or the virtualenv, the error says to install", {
  empty_home <- tempfile("workon-")
  dir.create(empty_home)
  on.exit(unlink(empty_home, recursive = TRUE))
  out <- run_r(c("library(paws.bridge)",
                 "r <- tryCatch(secret_hash('u', 'c', 's'), error = conditionMessage)",
                 "cat(r, '\\n')",
                 "cat('started:', reticulate::py_available(initialize = FALSE), '\\n')"),
               env = c("RETICULATE_PYTHON=", paste0("WORKON_HOME=", empty_home)))
  text <- paste(out, collapse = "\n")
  expect_match(text, "install_paws_bridge()", fixed = TRUE)
  expect_match(text, "no virtualenv named \"paws-bridge\"", fixed = TRUE)
  expect_match(text, "started: FALSE", fixed = TRUE)
})

test_that("RETICULATE_PYTHON is the Python used, and modules are imported once", {
  need(nzchar(Sys.getenv("RETICULATE_PYTHON")), "RETICULATE_PYTHON is not set")
  host <- .pb_host()
  expect_identical(host$`__name__`, "paws_bridge.r.host")
  expect_identical(.pb_host(), host)
  expect_identical(normalizePath(reticulate::py_config()$python),
                   normalizePath(Sys.getenv("RETICULATE_PYTHON")))
  expect_match(.pb_state$source, "RETICULATE_PYTHON", fixed = TRUE)
})

test_that("a module that does not exist fails with a message naming it", {
  expect_error(.pb_module("paws_bridge.no_such_module"),
               "cannot import the Python module paws_bridge.no_such_module")
  expect_error(.pb_module(""), "`name` must be a single Python module name")
})

test_that("child Pythons run without LD_LIBRARY_PATH, and R's value is restored", {
  old <- Sys.getenv("LD_LIBRARY_PATH", unset = NA)
  on.exit(if (is.na(old)) Sys.unsetenv("LD_LIBRARY_PATH") else
    Sys.setenv(LD_LIBRARY_PATH = old))
  Sys.setenv(LD_LIBRARY_PATH = "/nonexistent/pb-lib")
  out <- .pb_run_python(c("-c",
    "import os; print(os.environ.get('LD_LIBRARY_PATH', '<unset>'))"))
  expect_identical(attr(out, "status"), 0L)
  expect_identical(as.vector(out), "<unset>")
  expect_identical(Sys.getenv("LD_LIBRARY_PATH"), "/nonexistent/pb-lib")
  failed <- .pb_run_python(c("-c", "import sys; sys.exit(3)"))
  expect_identical(attr(failed, "status"), 3L)
})

test_that("a background child prints its first line, and stops", {
  old <- Sys.getenv("LD_LIBRARY_PATH", unset = NA)
  on.exit(if (is.na(old)) Sys.unsetenv("LD_LIBRARY_PATH") else
    Sys.setenv(LD_LIBRARY_PATH = old))
  Sys.setenv(LD_LIBRARY_PATH = "/nonexistent/pb-lib")
  child <- .pb_spawn_python(c("-c", paste(
    "import os, time",
    "print(os.environ.get('LD_LIBRARY_PATH', '<unset>'), flush=True)",
    "time.sleep(60)", sep = "; ")))
  on.exit(.pb_stop_process(child), add = TRUE)
  expect_identical(.pb_child_first_line(child, timeout = 30), "<unset>")
  expect_true(.pb_process_alive(child$pid))
  .pb_stop_process(child)
  expect_false(.pb_process_alive(child$pid))
})

test_that("a child that exits early is reported with its stderr", {
  child <- .pb_spawn_python(c("-c", "import sys; sys.stderr.write('boom\\n'); sys.exit(1)"))
  expect_error(.pb_child_first_line(child, timeout = 30), "exited before printing.*boom")
})

test_that("secret_hash() is base64(HMAC-SHA256(secret, username + client id))", {
  # reference values from `openssl dgst -sha256 -hmac <secret> -binary | base64`
  expect_identical(secret_hash("jane", "client", "secret"),
                   "MRPITOHaaXF3U2mXQ8u/9mU3u+IhlYGP0cF9VpZjE5M=")
  expect_identical(secret_hash("j\u00e4ne", "cli", "s\u00ebcret"),
                   "tvXUSJy9zP5i6KZA1WaP57d7+1cdWSWJ9OQadksulUM=")
})

test_that("secret_hash() names the bad argument and never shows the secret", {
  expect_error(secret_hash(NULL, "c", "s"), "`username` must be a single non-empty string")
  expect_error(secret_hash("u", c("a", "b"), "s"), "`client_id`.*character of length 2")
  err <- tryCatch(secret_hash("u", "c", c("topsecret", "x")), error = conditionMessage)
  expect_match(err, "`client_secret`")
  expect_false(grepl("topsecret", err, fixed = TRUE))
})
