# Run the R package's testthat suite against the installed paws.bridge and print, as the
# last line, "N passed, M failed" (N and M count expectations; an error or a failure inside
# a test counts as failed). Exit status 1 when anything failed.
#
#   R CMD INSTALL . && Rscript scripts/run_r_tests.R [filter]

args <- commandArgs(trailingOnly = TRUE)
root <- local({
  a <- commandArgs(FALSE)
  f <- sub("^--file=", "", a[grep("^--file=", a)][1])
  normalizePath(file.path(dirname(f), ".."))
})
filter <- if (length(args)) args[[1]] else NULL

results <- testthat::test_dir(file.path(root, "tests", "testthat"), filter = filter,
                              package = "paws.bridge", load_package = "installed",
                              reporter = testthat::ProgressReporter$new(show_praise = FALSE),
                              stop_on_failure = FALSE, stop_on_warning = FALSE)
df <- as.data.frame(results)
failed <- sum(df$failed) + sum(df$error)
passed <- sum(df$nb) - sum(df$failed)
cat(sprintf("%d passed, %d failed\n", as.integer(passed), as.integer(failed)))
quit(status = if (failed > 0) 1L else 0L, save = "no")
