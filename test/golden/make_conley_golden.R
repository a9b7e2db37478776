# A larger Conley reference from R fixest 0.12.1: 2,000 locations x 3 years (6,000 rows), spread over
# China's bounding box (18-50 N, 75-130 E), with an error and a regressor that are spatially correlated
# (a smooth field over the locations plus noise). Conley variances at 100, 250 and 500 km for a two-way
# fixed-effect model (location + year) and for a year-FE model, plus the DK and cluster SEs for contrast.
#
#   R_LIBS_USER=/work/rlib Rscript make_conley_golden.R [outdir]
#
# Writes conley_2000.csv (doubles written so that they read back exactly; the fits use the CSV as read)
# and conley_2000_golden.json (coefficients, se, t, p, nobs, vcov label, dof K, t df; 15 significant digits).
suppressMessages({ library(fixest); library(jsonlite); library(data.table) })
stopifnot(as.character(packageVersion("fixest")) == "0.12.1")
args <- commandArgs(trailingOnly = TRUE)
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])))
out <- if (length(args)) args[1] else here
setFixest_nthreads(1)
set.seed(20261207L)

num_chr <- function(x) {
  s <- sprintf("%.15g", x); bad <- as.numeric(s) != x
  s[bad] <- sprintf("%.17g", x[bad]); s
}
G <- 2000L; years <- 2019:2021
lat <- round(runif(G, 18, 50), 4); lon <- round(runif(G, 75, 130), 4)
# A smooth field: sum of a few random waves over lat/lon (spatially correlated, no G x G matrix).
wave <- function() { k <- rnorm(2, sd = 0.15); p <- runif(1, 0, 2 * pi); function(la, lo) sin(k[1] * la + k[2] * lo + p) }
field <- function(la, lo) { w <- replicate(6, wave()); Reduce(`+`, lapply(w, function(f) f(la, lo))) / sqrt(6) }
d <- CJ(id = seq_len(G), year = years)
d[, lat := lat[id]][, lon := lon[id]]
d[, x := field(lat, lon) + rnorm(.N, sd = 0.7)]
d[, u := field(lat, lon) + rnorm(.N)]
d[, y := 0.5 * x + 0.3 * (year - 2019) + u]
d[, u := NULL]
w <- copy(d)
for (k in c("x", "y")) w[[k]] <- num_chr(w[[k]])
fwrite(w, file.path(out, "conley_2000.csv"), quote = FALSE)
d <- as.data.frame(fread(file.path(out, "conley_2000.csv")))
stopifnot(nrow(d) == 6000)

case <- function(fit, formula, options, call) {
  ct <- coeftable(fit)
  co <- lapply(setNames(rownames(ct), rownames(ct)), function(n)
    list(estimate = unname(ct[n, 1]), se = unname(ct[n, 2]), t = unname(ct[n, 3]), p = unname(ct[n, 4])))
  V <- vcov(fit, attr = TRUE)
  list(formula = formula, options = options, fixest = call, want = list(coefficients = co, nobs = nobs(fit)),
       vcov_type = attr(V, "type"), dof_K = attr(V, "dof.K"), t_df = unname(degrees_freedom(fit, "t")))
}
cases <- list()
for (fml in c("y ~ x | id + year", "y ~ x | year")) {
  for (cut in c(100, 250, 500)) {
    f <- feols(as.formula(fml), d, vcov = vcov_conley(lat = "lat", lon = "lon", cutoff = cut, distance = "spherical"), fixef.tol = 1e-11)
    nm <- sprintf("%s_conley%d", if (grepl("id", fml)) "twoway" else "yearfe", cut)
    cases[[nm]] <- case(f, fml, list(vcov = list(conley = list(lat = "lat", lon = "lon", cutoff = cut))),
      sprintf('feols(%s, d, vcov = vcov_conley(lat = "lat", lon = "lon", cutoff = %d, distance = "spherical"), fixef.tol = 1e-11)', fml, cut))
  }
}
f <- feols(y ~ x | id + year, d, vcov = vcov_DK(time = "year"), panel.id = ~id + year, fixef.tol = 1e-11)
cases[["twoway_dk"]] <- case(f, "y ~ x | id + year", list(vcov = list(driscollKraay = list(time = "year"))), 'feols(y ~ x | id + year, d, vcov = vcov_DK(time = "year"), panel.id = ~id + year)')
f <- feols(y ~ x | id + year, d, vcov = ~id, fixef.tol = 1e-11)
cases[["twoway_cluster"]] <- case(f, "y ~ x | id + year", list(vcov = list(cluster = "id")), 'feols(y ~ x | id + year, d, vcov = ~id)')
meta <- list(source = "R fixest 0.12.1 (make_conley_golden.R in this folder)", fixest = as.character(packageVersion("fixest")),
  R = R.version.string, seed = 20261207L, rows = nrow(d), locations = G, years = years,
  json_digits = "15 significant digits")
writeLines(toJSON(list(meta = meta, cases = cases), auto_unbox = TRUE, digits = 15, pretty = TRUE),
  file.path(out, "conley_2000_golden.json"))
cat("wrote", length(cases), "cases\n")
