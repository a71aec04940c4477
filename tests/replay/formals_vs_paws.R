# For tests/testthat/test-formals.R, in a child R: compare formals() of every operation of
# every living service paws has with paws's (tests/paws-api/services.json). Prints
#   formals: services=N identical=N reordered=N other_members=N missing=N
# (reordered: same members in another order or with other required flags; other_members:
# the model gained or lost members since paws was generated; missing: a paws operation the
# bridge has neither as a function nor as a retired operation), then the names of the
# missing and reordered ones.
#
#   Rscript tests/replay/formals_vs_paws.R ROOT
root <- commandArgs(trailingOnly = TRUE)[[1L]]
suppressPackageStartupMessages(library(paws.bridge))
ns <- asNamespace("paws.bridge")
api <- jsonlite::read_json(file.path(root, "tests", "paws-api", "services.json"))
expected_formals <- function(arguments, required) {
  f <- rep(list(NULL), length(arguments))
  names(f) <- arguments
  f[required] <- list(quote(expr = ))
  as.pairlist(f)
}
living <- intersect(names(api$services), ls(ns))
living <- living[!vapply(living, function(s) {
  ".pb_retired_service" %in% all.names(body(get(s, ns)))  # retired: a function that says so
}, NA)]
identical_n <- 0L
other <- 0L
reordered <- character()
missing <- character()
for (service in living) {
  templates <- ns$.pb_templates(service)
  retired <- ns$.pb_retired_operations[[service]]
  for (op in names(api$services[[service]]$operations)) {
    fn <- templates[[op]]
    if (is.null(fn)) {
      if (!op %in% retired) missing <- c(missing, paste0(service, "$", op))
      next
    }
    f <- api$services[[service]]$operations[[op]]$formals
    arguments <- vapply(f, function(x) x$name, "")
    if (!setequal(arguments, names(formals(fn)))) {
      other <- other + 1L
      next
    }
    required <- arguments[vapply(f, function(x) is.null(x$default), NA)]
    if (identical(formals(fn), expected_formals(arguments, required))) {
      identical_n <- identical_n + 1L
    } else {
      reordered <- c(reordered, paste0(service, "$", op))
    }
  }
}
cat(sprintf("formals: services=%d identical=%d reordered=%d other_members=%d missing=%d\n",
            length(living), identical_n, length(reordered), other, length(missing)))
if (length(missing)) cat("missing:", missing, "\n")
if (length(reordered)) cat("reordered:", reordered, "\n")
