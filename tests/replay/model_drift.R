# Sourced by replay_services.R (--source) for the bridge: the members botocore's model has
# gained since paws was generated are left out of the value comparison, as the Python replay
# does (tests/python/test_conformance_services.py, restrict()).
#
# paws generated its code from an older copy of botocore's models (commit 77115fa); the
# bridge runs on the pinned botocore, whose output shapes have members paws's lack (DynamoDB's
# ConsumedCapacity$VectorIndexes, CloudWatch Logs' logGroups[[i]]$deletionProtectionEnabled,
# ...), and some shapes list their members in another order (Lambda's FunctionConfiguration
# has PackageType and ImageConfigResponse after SigningJobArn now). Every member paws returns
# must still be there, with paws's value: names paws's value does not have are dropped, and
# the rest compared in paws's order, recursively.

.model_drift_restrict <- function(actual, expected) {
  if (is.list(actual) && is.list(expected)) {
    an <- names(actual)
    en <- names(expected)
    if (!is.null(an) && !is.null(en)) {
      attrs <- attributes(actual)
      actual <- actual[en[en %in% an]]
      for (a in setdiff(names(attrs), c("names", "row.names"))) attr(actual, a) <- attrs[[a]]
      for (name in names(actual)) {
        if (!is.null(actual[[name]])) {
          actual[[name]] <- .model_drift_restrict(actual[[name]], expected[[name]])
        }
      }
    } else if (is.null(an) && is.null(en) && length(actual) == length(expected)) {
      for (i in seq_along(actual)) {
        if (!is.null(actual[[i]])) actual[[i]] <- .model_drift_restrict(actual[[i]], expected[[i]])
      }
    }
  }
  actual
}

.model_drift_tj_diff <- tj_diff
tj_diff <- function(actual, expected, ...) {
  .model_drift_tj_diff(.model_drift_restrict(actual, expected), expected, ...)
}
