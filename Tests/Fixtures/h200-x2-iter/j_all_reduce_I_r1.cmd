X=1 NCCL_NVLS_ENABLE=0 all_reduce_perf -b 8 -e 1G -f 4 -g 2 -n 20 -w 5 -I 1 -J j_all_reduce_I_r1.json > j_all_reduce_I_r1.txt
