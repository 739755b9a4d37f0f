# usage: gnuplot -e "datafile='chart.dat'; outfile='chart.png'" bench/chart.gp
# datafile: one block per series (first line its title), rows: x-index "label" req/s p99-ms.
set terminal pngcairo size 1400,1000 font ",10" noenhanced
set output outfile
stats datafile using 1 nooutput
blocks = STATS_blocks
set datafile missing "-"
# gnuplot's default palette repeats after 8 colours; a series needs its own.
colours = "#7b2cbf #2a9d8f #8ecae6 #e76f51 #f4a261 #264653 #d62828 #111111 #4361ee #8d99ae #06d6a0 #ffb703"
do for [i=1:12] { set linetype i lc rgb word(colours, i) lw 2 pt i }
set key outside right top
set grid ytics
set logscale y
set xrange [-0.5:*]
set multiplot layout 2,1 title "fetchflux benchmark (S1: no delay, S2/S3: 100 ms, S4: 1 s upstream delay)"
set title "throughput (2xx responses/s)"
set ylabel "req/s"
plot for [i=0:blocks-1] datafile index i using 1:3:xtic(2) with linespoints lw 2 title columnheader(1)
set title "p99 latency"
set ylabel "ms"
plot for [i=0:blocks-1] datafile index i using 1:4:xtic(2) with linespoints lw 2 title columnheader(1)
unset multiplot
