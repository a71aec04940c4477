library(testthat)
library(paws.bridge)

test_check("paws.bridge")
