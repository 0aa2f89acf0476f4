# The chart of bench-suite: gnuplot -e "dir='var/bench'" bench/suite/chart.gp → var/bench/suite.png
# Left, the latency from command to delivered mail at a fifth of capacity (cumulative); right, each
# service's memory idle and at its peak under load, against the goal of 60 MB.
if (!exists("dir")) dir = 'var/bench'
set terminal pngcairo size 1200,480 font "sans,10"
set output dir.'/suite.png'
set datafile separator ','
set multiplot layout 1,2 title 'rbn end to end: tickets and parent registrations to a delivered mail'

set title 'Command to mail at a fifth of capacity'
set xlabel 'latency (ms)'
set ylabel 'operations (cumulative fraction)'
set logscale x
set grid
set key bottom right
plot dir.'/suite-latency.csv' using 2:1 skip 1 with lines linewidth 2 title 'latency'
unset logscale x

set title 'Resident memory per service'
set xlabel ''
set ylabel 'MB'
set yrange [0:70]
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set key top left
idle = '< grep ^rss_idle_mb '.dir.'/suite.csv'
peak = '< grep ^rss_peak_load_mb '.dir.'/suite.csv'
plot idle using 3:xtic(2) title 'idle', peak using 3 title 'peak under load', 60 with lines dashtype 2 linewidth 2 title 'goal 60 MB'
unset multiplot
