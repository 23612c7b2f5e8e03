;; The bootstrap's inner loop (stageplayCore/stats.ts, `resampleMeans`) as WebAssembly: one resample's n
;; draws from sfc32 and the drawn rows' values added in draw order. Built into resampleWasm.ts by
;; `npm run build:wasm`; src/wasm/resampleKernel.ts calls it once per resample.
;;
;; Every step is the JavaScript loop's, so the sums are the same bit for bit:
;; - sfc32 in 32-bit integer arithmetic (the JavaScript `| 0` steps wrap the same way);
;; - the row: JavaScript's Math.floor((t >>> 0) / 2^32 * n). For n <= 2^21, t * n < 2^53, so the
;;   product of doubles is exact and the floor is the product's high word: (t * n) >> 32 in 64-bit
;;   integers. Above 2^21 the product rounds, so the doubles' steps are taken as JavaScript takes them
;;   (times 2^-32 is the same exact scaling as dividing by 2^32);
;; - each column's sum starts from what sums[j] holds and adds in draw order (f64 adds are IEEE 754
;;   round-to-nearest in both).
;;
;; Memory: bytes 0..16 hold sfc32's state words a, b, c, d (read at the start, written back at the end).
(module
  (memory (export "memory") 1)

  ;; One resample of one column: n draws; each drawn row's code (codes[row], u16, when $codes is not 0;
  ;; else the row itself) picks a value in the f64 table at $table; the values are added to the f64 at
  ;; $sum.
  (func (export "resampleOne")
    (param $n i32) (param $codes i32) (param $table i32) (param $sum i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $t i32)
    (local $i i32) (local $left i32) (local $total f64)
    (local $n64 i64) (local $nf f64) (local $small i32)
    (local.set $a (i32.load (i32.const 0)))
    (local.set $b (i32.load (i32.const 4)))
    (local.set $c (i32.load (i32.const 8)))
    (local.set $d (i32.load (i32.const 12)))
    (local.set $total (f64.load (local.get $sum)))
    (local.set $n64 (i64.extend_i32_u (local.get $n)))
    (local.set $nf (f64.convert_i32_u (local.get $n)))
    (local.set $small (i32.le_u (local.get $n) (i32.const 2097152)))
    (local.set $left (local.get $n))
    (if (local.get $left)
      (then
        (loop $draw
          (local.set $d (i32.add (local.get $d) (i32.const 1)))
          (local.set $t (i32.add (i32.add (local.get $a) (local.get $b)) (local.get $d)))
          (local.set $a (i32.xor (local.get $b) (i32.shr_u (local.get $b) (i32.const 9))))
          (local.set $b (i32.add (local.get $c) (i32.shl (local.get $c) (i32.const 3))))
          (local.set $c (i32.add (i32.rotl (local.get $c) (i32.const 21)) (local.get $t)))
          ;; The row (see above); $small is n <= 2^21, the same for every draw. Written out here, not
          ;; called: V8 does not inline a call in this loop, and the call was three quarters of its time.
          (local.set $i
            (if (result i32) (local.get $small)
              (then
                (i32.wrap_i64
                  (i64.shr_u (i64.mul (i64.extend_i32_u (local.get $t)) (local.get $n64)) (i64.const 32))))
              (else
                (i32.trunc_f64_u
                  (f64.floor
                    (f64.mul
                      (f64.mul (f64.convert_i32_u (local.get $t)) (f64.const 0x1p-32))
                      (local.get $nf)))))))
          (if (local.get $codes)
            (then
              (local.set $i
                (i32.load16_u (i32.add (local.get $codes) (i32.shl (local.get $i) (i32.const 1)))))))
          (local.set $total
            (f64.add (local.get $total)
              (f64.load (i32.add (local.get $table) (i32.shl (local.get $i) (i32.const 3))))))
          (local.set $left (i32.sub (local.get $left) (i32.const 1)))
          (br_if $draw (local.get $left)))))
    (f64.store (local.get $sum) (local.get $total))
    (i32.store (i32.const 0) (local.get $a))
    (i32.store (i32.const 4) (local.get $b))
    (i32.store (i32.const 8) (local.get $c))
    (i32.store (i32.const 12) (local.get $d)))

  ;; One resample of $k columns at once: as resampleOne, but the table is row-major (a code's k values
  ;; side by side, one cache line for all of them) and value j is added to the f64 at $sums + 8j.
  (func (export "resampleMany")
    (param $n i32) (param $k i32) (param $codes i32) (param $tables i32) (param $sums i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $t i32)
    (local $i i32) (local $left i32) (local $row i32) (local $j i32) (local $stride i32)
    (local $n64 i64) (local $nf f64) (local $small i32)
    (local.set $a (i32.load (i32.const 0)))
    (local.set $b (i32.load (i32.const 4)))
    (local.set $c (i32.load (i32.const 8)))
    (local.set $d (i32.load (i32.const 12)))
    (local.set $stride (i32.shl (local.get $k) (i32.const 3)))
    (local.set $n64 (i64.extend_i32_u (local.get $n)))
    (local.set $nf (f64.convert_i32_u (local.get $n)))
    (local.set $small (i32.le_u (local.get $n) (i32.const 2097152)))
    (local.set $left (local.get $n))
    (if (i32.and (i32.ne (local.get $left) (i32.const 0)) (i32.ne (local.get $k) (i32.const 0)))
      (then
        (loop $draw
          (local.set $d (i32.add (local.get $d) (i32.const 1)))
          (local.set $t (i32.add (i32.add (local.get $a) (local.get $b)) (local.get $d)))
          (local.set $a (i32.xor (local.get $b) (i32.shr_u (local.get $b) (i32.const 9))))
          (local.set $b (i32.add (local.get $c) (i32.shl (local.get $c) (i32.const 3))))
          (local.set $c (i32.add (i32.rotl (local.get $c) (i32.const 21)) (local.get $t)))
          ;; The row (see above); $small is n <= 2^21, the same for every draw. Written out here, not
          ;; called: V8 does not inline a call in this loop, and the call was three quarters of its time.
          (local.set $i
            (if (result i32) (local.get $small)
              (then
                (i32.wrap_i64
                  (i64.shr_u (i64.mul (i64.extend_i32_u (local.get $t)) (local.get $n64)) (i64.const 32))))
              (else
                (i32.trunc_f64_u
                  (f64.floor
                    (f64.mul
                      (f64.mul (f64.convert_i32_u (local.get $t)) (f64.const 0x1p-32))
                      (local.get $nf)))))))
          (if (local.get $codes)
            (then
              (local.set $i
                (i32.load16_u (i32.add (local.get $codes) (i32.shl (local.get $i) (i32.const 1)))))))
          (local.set $row (i32.add (local.get $tables) (i32.mul (local.get $i) (local.get $stride))))
          (local.set $j (i32.const 0))
          (loop $column
            (f64.store (i32.add (local.get $sums) (local.get $j))
              (f64.add
                (f64.load (i32.add (local.get $sums) (local.get $j)))
                (f64.load (i32.add (local.get $row) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br_if $column (i32.lt_u (local.get $j) (local.get $stride))))
          (local.set $left (i32.sub (local.get $left) (i32.const 1)))
          (br_if $draw (local.get $left)))))
    (i32.store (i32.const 0) (local.get $a))
    (i32.store (i32.const 4) (local.get $b))
    (i32.store (i32.const 8) (local.get $c))
    (i32.store (i32.const 12) (local.get $d)))
)
