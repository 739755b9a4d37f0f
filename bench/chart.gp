# usage: gnuplot -e "datafile='points.dat'; warmfile='warm.dat'; coldfile='cold.dat'; outfile='chart.png'" bench/chart.gp
# Every file: one block per series (first line its title). datafile rows: x-index "label" req/s ×raw p99-ms;
# warmfile and coldfile rows: seconds req/s. warmfile and coldfile may be left out; noratio=1 leaves the
# ratio panel empty (no raw relay in the run).
set terminal pngcairo size 1600,1500 font ",10" noenhanced
set output outfile
set datafile missing "-"
# gnuplot's default palette repeats after 8 colours; a series needs its own.
colours = "#7b2cbf #2a9d8f #8ecae6 #e76f51 #f4a261 #264653 #d62828 #111111 #4361ee #8d99ae #06d6a0 #ffb703 #fb5607 #3a86ff"
do for [i=1:14] { set linetype i lc rgb word(colours, i) lw 2 pt i }
set key outside right top
set grid ytics
set multiplot layout 3,2 title "fetchflux benchmark (S1: no delay, S2/S3: 100 ms, S4: 1 s upstream delay; medians of interleaved rounds)"
stats datafile using 1 nooutput
blocks = STATS_blocks
set xrange [-0.5:*]
set logscale y
set title "throughput (2xx responses/s)"
set ylabel "req/s"
plot for [i=0:blocks-1] datafile index i using 1:3:xtic(2) with linespoints lw 2 title columnheader(1)
if (exists("noratio")) {
    set multiplot next
} else {
    set title "throughput as a ratio to the raw Reactor Netty relay"
    set ylabel "× raw relay"
    plot for [i=0:blocks-1] datafile index i using 1:4:xtic(2) with linespoints lw 2 title columnheader(1)
}
set title "p99 latency"
set ylabel "ms"
plot for [i=0:blocks-1] datafile index i using 1:5:xtic(2) with linespoints lw 2 title columnheader(1)
unset logscale y
set autoscale x
set xtics auto
set xlabel "seconds of load"
if (exists("warmfile")) {
    stats warmfile using 1 nooutput
    wblocks = STATS_blocks
    set title "warm-up: S1 req/s per window"
    set ylabel "req/s"
    plot for [i=0:wblocks-1] warmfile index i using 1:2 with linespoints lw 2 title columnheader(1)
} else {
    set multiplot next
}
if (exists("coldfile")) {
    stats coldfile using 1 nooutput
    cblocks = STATS_blocks
    set title "cold start: S1 req/s per window, at once from the port's first accept"
    set xlabel "seconds after launch (window end)"
    set ylabel "req/s"
    plot for [i=0:cblocks-1] coldfile index i using 1:2 with linespoints lw 2 title columnheader(1)
}
unset multiplot
