# Per-call time of paws.bridge from R against the same local static server.
#   Rscript benchmarks/bench_r_call.R URL OP N
a <- commandArgs(trailingOnly = TRUE)
url <- a[1]; op <- a[2]; n <- as.integer(a[3])
library(paws.bridge)
svc <- cognitoidentityprovider(config = list(credentials = list(creds = list(
  access_key_id = "A", secret_access_key = "S")), endpoint = url, region = "us-east-1"))
f <- switch(op,
  resend_confirmation_code = function() svc$resend_confirmation_code(ClientId = "c", Username = "u"),
  list_users = function() svc$list_users(UserPoolId = "p"))
for (i in 1:50) f()
best <- min(replicate(3, system.time(for (i in seq_len(n)) f())[["elapsed"]])) / n * 1e6
cat(sprintf("%-22s %s: %8.1f us/call\n", "paws.bridge (R)", op, best))
