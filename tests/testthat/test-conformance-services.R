# The services corpus (tests/conformance-services: DynamoDB, SQS, KMS, Secrets Manager, SSM,
# CloudWatch Logs, Lambda, recorded from paws against moto) replayed through the installed
# R package by the corpus's own tool, in bridge mode, as `make conformance-services` does.

test_that("the JSON and REST-JSON services replay as paws recorded them", {
  skip_without_bridge()
  # the Python the bridge runs on (under R CMD check in install_paws_bridge()'s environment
  # nothing sets RETICULATE_PYTHON); the replay's child R is told to use the same
  python <- Sys.getenv("RETICULATE_PYTHON")
  if (!nzchar(python)) python <- paws.bridge:::.pb_python_exe()
  tool <- file.path(.pb_test_root, "tests", "conformance-services", "tools", "replay_services.R")
  drift <- file.path(.pb_test_root, "tests", "replay", "model_drift.R")
  services <- "dynamodb,sqs,kms,secretsmanager,ssm,cloudwatchlogs,lambda"
  out <- suppressWarnings(system2(
    file.path(R.home("bin"), "Rscript"),
    c(shQuote(tool), "--package", "paws.bridge", "--service", services, "--mode", "bridge",
      "--python", shQuote(python), "--source", shQuote(drift)),
    stdout = TRUE, stderr = TRUE,
    env = c(paste0("R_LIBS=", shQuote(paste(.libPaths(), collapse = .Platform$path.sep))),
            paste0("RETICULATE_PYTHON=", shQuote(python)), "R_PROFILE_USER=/dev/null")))
  last <- utils::tail(out, 1L)
  expect_match(last, "^conformance: [0-9]+ passed, 0 failed$", info = paste(out, collapse = "\n"))
  # every vector of the seven services ran (116 in the public corpus)
  expect_identical(as.integer(sub("^conformance: ([0-9]+) passed.*", "\\1", last)), 116L)
})
