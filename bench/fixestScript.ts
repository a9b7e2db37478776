/**
 * The text of bench/fixest.R, written by bench/run.ts: times R fixest on the benchmark's exported
 * data (bench/data/*.csv, written by `bench/run.ts --export`) with one thread, the same cases and
 * the same protocol (2 warm-up runs, then the median of 7), and writes bench/fixest-results.json,
 * which bench/run.ts reads for the ratios.
 */
export const FIXEST_SCRIPT = `# Times R fixest on the benchmark's data (issue 7). Written by bench/run.ts; do not edit.
#   node --import tsx bench/run.ts --export   # writes bench/data/balanced.csv, unbalanced.csv
#   Rscript bench/fixest.R                    # writes bench/fixest-results.json
#   node --import tsx bench/run.ts            # reads it: the ratios then use these times
# Needs R with fixest and jsonlite (data.table, if installed, reads the CSV faster).
suppressPackageStartupMessages({ library(fixest); library(jsonlite) })
setFixest_nthreads(1)
args <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(file_arg) == 1) dirname(normalizePath(file_arg)) else "bench"
read <- function(name) {
  f <- file.path(here, "data", paste0(name, ".csv"))
  if (!file.exists(f)) stop("Missing ", f, ": run node --import tsx bench/run.ts --export first.")
  if (requireNamespace("data.table", quietly = TRUE)) as.data.frame(data.table::fread(f)) else read.csv(f)
}
time_case <- function(expr_fun, runs = 7, warmup = 2) {
  for (w in seq_len(warmup)) fit <- expr_fun()
  times <- numeric(runs)
  for (r in seq_len(runs)) times[r] <- system.time(fit <- expr_fun())[["elapsed"]]
  list(median = median(times), min = min(times), max = max(times), times = times, coef = as.list(coef(fit)))
}
balanced <- read("balanced")
unbalanced <- read("unbalanced")
cases <- list(
  balanced = time_case(function() feols(y ~ x1 + x2 | id + year, balanced, cluster = ~id)),
  unbalanced = time_case(function() feols(y ~ x1 + x2 | id + year, unbalanced, cluster = ~id)),
  threeFE = time_case(function() feols(y3 ~ x1 + x2 | id + year + idgroup^year, balanced, cluster = ~id)),
  iv = time_case(function() feols(yiv ~ x2 | id + year | xe ~ z, balanced, cluster = ~id)),
  weighted = time_case(function() feols(y ~ x1 + x2 | id + year, balanced, weights = ~w, cluster = ~id)),
  driscollKraay = time_case(function() feols(y ~ x1 + x2 | id + year, balanced, vcov = vcov_DK(time = "year"), panel.id = ~id + year))
)
for (n in names(cases)) cat(sprintf("%-10s median %.3f s (min %.3f, max %.3f)\\n", n, cases[[n]]$median, cases[[n]]$min, cases[[n]]$max))
cpu <- tryCatch(sub(".*: ", "", grep("model name", readLines("/proc/cpuinfo"), value = TRUE)[1]), error = function(e) NA)
out <- list(
  fixest = paste("fixest", as.character(packageVersion("fixest"))),
  machine = paste0(R.version.string, if (!is.na(cpu)) paste0(", ", cpu) else ""),
  cases = cases
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(here, "fixest-results.json"))
cat("Wrote", file.path(here, "fixest-results.json"), "\\n")
`;
