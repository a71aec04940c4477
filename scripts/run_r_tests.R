# Run the R package's testthat suite against the installed paws.bridge and print, as the
# last line, "N passed, M failed, K skipped" (counting expectations; an error inside a test
# counts as failed), each skip listed above it with its test and reason. Exit status 1 when
# anything failed.
#
# Strict by default (PAWS_BRIDGE_TEST_STRICT=true, see need() in helper-bridge.R): a test
# that cannot run for want of Python fails instead of skipping. Skips that remain are
# deliberate (e.g. "paws is installed here") and are named in the summary.
#
#   R CMD INSTALL . && Rscript scripts/run_r_tests.R [filter]

args <- commandArgs(trailingOnly = TRUE)
root <- local({
  a <- commandArgs(FALSE)
  f <- sub("^--file=", "", a[grep("^--file=", a)][1])
  normalizePath(file.path(dirname(f), ".."))
})
filter <- if (length(args)) args[[1]] else NULL
if (!nzchar(Sys.getenv("PAWS_BRIDGE_TEST_STRICT"))) Sys.setenv(PAWS_BRIDGE_TEST_STRICT = "true")

results <- testthat::test_dir(file.path(root, "tests", "testthat"), filter = filter,
                              package = "paws.bridge", load_package = "installed",
                              reporter = testthat::ProgressReporter$new(show_praise = FALSE),
                              stop_on_failure = FALSE, stop_on_warning = FALSE)
passed <- failed <- skipped <- 0L
for (test in results) {
  for (e in test$results) {
    if (inherits(e, "expectation_success")) {
      passed <- passed + 1L
    } else if (inherits(e, c("expectation_failure", "expectation_error"))) {
      failed <- failed + 1L
    } else if (inherits(e, "expectation_skip")) {
      skipped <- skipped + 1L
      why <- sub("^Reason: ", "", gsub("\\s*\n\\s*", " ", conditionMessage(e)))
      cat(sprintf("skipped: %s: %s -- %s\n", test$file, test$test, why))
    }
  }
}
cat(sprintf("%d passed, %d failed, %d skipped\n", passed, failed, skipped))
quit(status = if (failed > 0) 1L else 0L, save = "no")
