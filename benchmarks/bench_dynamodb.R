# DynamoDB put_item / get_item / query (100 items) from R: paws.bridge next to Python boto3
# (timed inside Python, so R's share is not on boto3's clock), interleaved in this process.
#
#   python benchmarks/bench_dynamodb.py --serve | (read url; Rscript benchmarks/bench_dynamodb.R "$url" [CALLS] [ROUNDS])
#
# The target of issue 9: paws.bridge from R <= 1.15 x Python boto3. Needs RETICULATE_PYTHON.

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1L) stop("usage: bench_dynamodb.R URL [CALLS=200] [ROUNDS=2]")
url <- args[[1L]]
calls <- if (length(args) >= 2L) as.integer(args[[2L]]) else 200L
rounds <- if (length(args) >= 3L) as.integer(args[[3L]]) else 2L
suppressPackageStartupMessages(library(paws.bridge))

ddb <- dynamodb(config = list(credentials = list(creds = list(access_key_id = "AKID",
                                                                 secret_access_key = "SECRET")),
                              endpoint = url, region = "us-east-1"))
item <- list(pk = list(S = "p"), sk = list(N = "7"), name = list(S = "item 7"),
             tags = list(SS = c("a", "b")), n = list(N = "10.5"), ok = list(BOOL = FALSE))
key <- list(pk = list(S = "p"), sk = list(N = "7"))
values <- list(`:p` = list(S = "p"))
stopifnot(length(ddb$query(TableName = "bench", KeyConditionExpression = "pk = :p",
                           ExpressionAttributeValues = values)$Items) == 100L)

# boto3 in Python, timing each call there: returns per-call seconds
py <- reticulate::py_run_string(sprintf('
import time, boto3
b3 = boto3.client("dynamodb", endpoint_url="%s", region_name="us-east-1",
                  aws_access_key_id="AKID", aws_secret_access_key="SECRET")
item = {"pk": {"S": "p"}, "sk": {"N": "7"}, "name": {"S": "item 7"}, "tags": {"SS": ["a", "b"]},
        "n": {"N": "10.5"}, "ok": {"BOOL": False}}
key = {"pk": {"S": "p"}, "sk": {"N": "7"}}
ops = {"put_item": lambda: b3.put_item(TableName="bench", Item=item),
       "get_item": lambda: b3.get_item(TableName="bench", Key=key),
       "query": lambda: b3.query(TableName="bench", KeyConditionExpression="pk = :p",
                                 ExpressionAttributeValues={":p": {"S": "p"}})}
def timed(op, n):
    out = []
    for _ in range(int(n)):
        t = time.perf_counter(); ops[op](); out.append(time.perf_counter() - t)
    return out
', url), convert = FALSE)

r_ops <- list(
  put_item = function() ddb$put_item(TableName = "bench", Item = item),
  get_item = function() ddb$get_item(TableName = "bench", Key = key),
  query = function() ddb$query(TableName = "bench", KeyConditionExpression = "pk = :p",
                               ExpressionAttributeValues = values))
r_timed <- function(f, n) {
  t <- numeric(n)
  for (i in seq_len(n)) { t0 <- Sys.time(); f(); t[[i]] <- as.numeric(Sys.time() - t0) }
  t
}
set.seed(1L)
for (op in names(r_ops)) {
  r_timed(r_ops[[op]], 10L); reticulate::py_to_r(py$timed(op, 10L))
  times <- list(r = numeric(), py = numeric())
  for (round in seq_len(rounds)) {
    for (who in sample(c("r", "py"))) {
      t <- if (who == "r") r_timed(r_ops[[op]], calls) else
        unlist(reticulate::py_to_r(py$timed(op, calls)))
      times[[who]] <- c(times[[who]], t)
    }
  }
  m <- vapply(times, function(t) stats::median(t) * 1e3, 0)
  cat(sprintf("%-10s paws.bridge (R) %7.3f ms  boto3 (Python) %7.3f ms  ratio %.3f (target <= 1.15)\n",
              op, m[["r"]], m[["py"]], m[["r"]] / m[["py"]]))
}
