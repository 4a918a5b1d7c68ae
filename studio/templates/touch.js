// Touch the network: the video's own network, live in the page (plain JS; OpenCV.js for photos only,
// loaded from opencv-js/ when the first photo is opened).
//
// Every number comes from window.EXPLAINER_DATA (touch-data.js), written by `python -m studio lesson`
// from the project's assets: weights, checkpoints, netcore.preprocess's rules, the questions.
// Interface (see the README):
//   window.explainer.forward(pixels)    784 numbers in [0, 1] -> {activations: [a1, a2, a3], zs, answer}
//   window.explainer.prepare(imageData) a drawing's ImageData (or {width, height, data}) -> 784 numbers in [0, 1]
//   window.explainer.preparePhoto(blob) a photo -> a promise of {pixels, steps, corners}
(function () {
  "use strict";
  const DATA = window.EXPLAINER_DATA;
  const RULES = DATA.preprocess;
  const SIZE = RULES.size;
  const PIXELS = SIZE * SIZE;

  // ---- Numbers: base64 arrays, the forward pass --------------------------------------------------

  function decode(packed) {
    const bytes = Uint8Array.from(atob(packed.data), function (c) { return c.charCodeAt(0); });
    const kind = packed.type === "float32" ? Float32Array : Float64Array;
    return Float64Array.from(new kind(bytes.buffer));  // computed in float64, as netcore does
  }

  function network(spec) {
    return {
      sizes: spec.sizes,
      activations: spec.activations,
      weights: spec.weights.map(decode),  // row-major (n_out, n_in)
      biases: spec.biases.map(decode),
    };
  }

  const NET = network(DATA.network);
  const CHECKPOINTS = DATA.checkpoints.networks.map(network);
  const SQUISH = {
    sigmoid: function (z) { return 1 / (1 + Math.exp(-z)); },
    relu: function (z) { return z > 0 ? z : 0; },
  };

  // z = W a + b and a = f(z), layer by layer; the output layer is a sigmoid as in netcore.network.
  function run(net, pixels) {
    let a = pixels;
    const zs = [], activations = [];
    for (let l = 0; l < net.weights.length; l++) {
      const w = net.weights[l], b = net.biases[l], nIn = a.length, nOut = b.length;
      const f = SQUISH[l === net.weights.length - 1 ? "sigmoid" : net.activations[l]];
      const z = new Float64Array(nOut), out = new Float64Array(nOut);
      for (let j = 0; j < nOut; j++) {
        let sum = 0;
        const row = j * nIn;
        for (let i = 0; i < nIn; i++) sum += w[row + i] * a[i];
        z[j] = sum + b[j];
        out[j] = f(z[j]);
      }
      zs.push(z);
      activations.push(out);
      a = out;
    }
    const output = activations[activations.length - 1];
    let answer = 0;
    for (let k = 1; k < output.length; k++) if (output[k] > output[answer]) answer = k;
    return {zs: zs, activations: activations, answer: answer};
  }

  function checkedPixels(pixels) {
    if (!pixels || pixels.length !== PIXELS) throw new Error("forward needs " + PIXELS + " numbers, got " + (pixels && pixels.length));
    return Float64Array.from(pixels);
  }

  // ---- Preparing a picture as netcore.preprocess does -------------------------------------------
  // grey -> ink (polarity, paper and its light, threshold, lines, the digit's pieces, ink level)
  // -> crop -> strokes brought to MNIST's width -> crop -> fit 20x20 -> centre of mass on (14, 14).

  // A new typed array of n values fn(0) ... fn(n - 1). (A plain loop: TypedArray.from and map with a function
  // are many times slower in V8, which matters on a photo's million pixels.)
  function make(n, Type, fn) {
    const out = new Type(n);
    for (let p = 0; p < n; p++) out[p] = fn(p);
    return out;
  }

  // The k-th smallest of a (reordered in place: smaller values before k, larger after), by quickselect.
  function select(a, k) {
    let lo = 0, hi = a.length - 1;
    while (hi > lo) {
      const pivot = a[(lo + hi) >> 1];
      let i = lo, j = hi;
      while (i <= j) {
        while (a[i] < pivot) i++;
        while (a[j] > pivot) j--;
        if (i <= j) { const t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
      }
      if (k <= j) hi = j; else if (k >= i) lo = i; else return a[k];
    }
    return a[k];
  }

  function counted(n, noun) { return n + " " + noun + (n === 1 ? "" : "s"); }  // "1 piece", "3 pieces"

  function strided(values, count) {  // about count values taken at a regular stride, as netcore's samples
    const stride = Math.max(1, Math.floor(values.length / count)), sample = [];
    for (let p = 0; p < values.length; p += stride) sample.push(values[p]);
    return sample;
  }

  function percentile(values, q) {  // NumPy's default (linear) percentile, q in [0, 100]
    const a = new Float64Array(values), at = (a.length - 1) * q / 100, low = Math.floor(at);
    const below = select(a, low);
    if (at === low) return below;
    let above = Infinity;
    for (let i = low + 1; i < a.length; i++) if (a[i] < above) above = a[i];
    return below + (above - below) * (at - low);
  }

  function median(values) { return percentile(values, 50); }

  function roundHalfEven(x) {  // NumPy's round (halves to even); no float modulo, which is slow in the line search's loops
    const f = Math.floor(x), d = x - f;
    return d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f;
  }

  // An ImageData as grey levels in [0, 1], with Pillow's luminance (L = 0.299 R + 0.587 G + 0.114 B, fixed point).
  // Transparent pixels become white behind a dark drawing, black behind a light one, as netcore.imagefile does.
  function greyOf(image) {
    const n = image.width * image.height, d = image.data;
    const lum = new Float64Array(n);
    let alphaSum = 0, weighted = 0, transparent = false;
    for (let p = 0; p < n; p++) {
      lum[p] = (d[4 * p] * 19595 + d[4 * p + 1] * 38470 + d[4 * p + 2] * 7471 + 0x8000) >> 16;
      const alpha = d[4 * p + 3];
      if (alpha < 255) transparent = true;
      alphaSum += alpha;
      weighted += lum[p] * alpha;
    }
    const grey = new Float64Array(n);
    const back = alphaSum > 0 && weighted / alphaSum > 127.5 ? 0 : 255;
    for (let p = 0; p < n; p++) {
      const alpha = transparent ? d[4 * p + 3] / 255 : 1;
      grey[p] = Math.round(lum[p] * alpha + back * (1 - alpha)) / 255;
    }
    return {w: image.width, h: image.height, v: grey};
  }

  // Pillow's resampling (precompute_coeffs and the float passes, horizontal first), for its BOX and BILINEAR filters.
  const FILTERS = {
    box: {support: 0.5, f: function (x) { return x > -0.5 && x <= 0.5 ? 1 : 0; }},
    bilinear: {support: 1, f: function (x) { x = Math.abs(x); return x < 1 ? 1 - x : 0; }},
  };

  function coefficients(inSize, outSize, filter) {
    const scale = inSize / outSize, filterscale = Math.max(scale, 1), support = filter.support * filterscale;
    const list = [];
    for (let xx = 0; xx < outSize; xx++) {
      const center = (xx + 0.5) * scale, ss = 1 / filterscale;
      const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
      const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
      const k = new Float64Array(xmax);
      let ww = 0;
      for (let x = 0; x < xmax; x++) { k[x] = filter.f((x + xmin - center + 0.5) * ss); ww += k[x]; }
      if (ww !== 0) for (let x = 0; x < xmax; x++) k[x] /= ww;
      list.push({min: xmin, k: k});
    }
    return list;
  }

  function resize(img, w, h, filterName) {
    const filter = FILTERS[filterName];
    let src = img;
    if (w !== img.w) {
      const cs = coefficients(img.w, w, filter), out = new Float64Array(w * img.h);
      for (let y = 0; y < img.h; y++) for (let x = 0; x < w; x++) {
        const c = cs[x]; let s = 0;
        for (let i = 0; i < c.k.length; i++) s += img.v[y * img.w + c.min + i] * c.k[i];
        out[y * w + x] = Math.fround(s);  // Pillow keeps float images in float32
      }
      src = {w: w, h: img.h, v: out};
    }
    if (h !== img.h) {
      const cs = coefficients(img.h, h, filter), out = new Float64Array(w * h);
      for (let y = 0; y < h; y++) {
        const c = cs[y];
        for (let x = 0; x < w; x++) {
          let s = 0;
          for (let i = 0; i < c.k.length; i++) s += src.v[(c.min + i) * w + x] * c.k[i];
          out[y * w + x] = Math.fround(s);
        }
      }
      src = {w: w, h: h, v: out};
    }
    return src;
  }

  function bandOf(img) { return Math.max(1, Math.floor(Math.min(img.w, img.h) / 20)); }  // netcore.ink._band
  function border(img) {  // the band along the four edges, as netcore.ink._border (corners counted twice, as there)
    const band = bandOf(img);
    const values = new Float64Array(2 * band * (img.w + img.h));
    let n = 0;
    for (let y = 0; y < band; y++) for (let x = 0; x < img.w; x++) values[n++] = img.v[y * img.w + x];
    for (let y = img.h - band; y < img.h; y++) for (let x = 0; x < img.w; x++) values[n++] = img.v[y * img.w + x];
    for (let y = 0; y < img.h; y++) for (let x = 0; x < band; x++) values[n++] = img.v[y * img.w + x];
    for (let y = 0; y < img.h; y++) for (let x = img.w - band; x < img.w; x++) values[n++] = img.v[y * img.w + x];
    return values;
  }

  // A flat minimum (or maximum) filter over a square, SciPy's grey_erosion (grey_dilation) with mode "reflect".
  function rankFilter(img, size, isMax) {
    const before = isMax ? size - (size >> 1) - 1 : size >> 1, after = size - 1 - before;
    const pick = isMax ? Math.max : Math.min;
    function reflect(i, n) {
      while (i < 0 || i >= n) i = i < 0 ? -i - 1 : 2 * n - i - 1;
      return i;
    }
    const rows = new Float64Array(img.v.length), out = new Float64Array(img.v.length);
    for (let y = 0; y < img.h; y++) for (let x = 0; x < img.w; x++) {
      let m = img.v[y * img.w + reflect(x - before, img.w)];
      for (let i = -before + 1; i <= after; i++) m = pick(m, img.v[y * img.w + reflect(x + i, img.w)]);
      rows[y * img.w + x] = m;
    }
    for (let y = 0; y < img.h; y++) for (let x = 0; x < img.w; x++) {
      let m = rows[reflect(y - before, img.h) * img.w + x];
      for (let i = -before + 1; i <= after; i++) m = pick(m, rows[reflect(y + i, img.h) * img.w + x]);
      out[y * img.w + x] = m;
    }
    return {w: img.w, h: img.h, v: out};
  }

  // netcore.ink._opening: the grey opening on blocks of size/16 (each block's darkest pixel), brought back bilinearly.
  function opening(img, size) {
    const block = Math.max(1, Math.floor(size / 16));
    const bw = Math.ceil(img.w / block), bh = Math.ceil(img.h / block);
    const blocks = new Float64Array(bw * bh).fill(Infinity);
    for (let y = 0; y < bh * block; y++) for (let x = 0; x < bw * block; x++) {
      const v = img.v[Math.min(y, img.h - 1) * img.w + Math.min(x, img.w - 1)];  // edge padding
      const b = Math.floor(y / block) * bw + Math.floor(x / block);
      if (v < blocks[b]) blocks[b] = v;
    }
    const reach = Math.max(1, roundHalfEven(size / block));
    let small = rankFilter(rankFilter({w: bw, h: bh, v: blocks}, reach, false), reach, true);
    if (block === 1) return small;
    small = {w: bw, h: bh, v: make(small.v.length, Float64Array, function (p) { return Math.fround(small.v[p]); })};
    const big = resize(small, bw * block, bh * block, "bilinear"), out = new Float64Array(img.w * img.h);
    for (let y = 0; y < img.h; y++) for (let x = 0; x < img.w; x++) out[y * img.w + x] = big.v[y * big.w + x];
    return {w: img.w, h: img.h, v: out};
  }

  function strokeWidth(mask, w, h) {  // 2 x area / perimeter, as netcore.strokes.stroke_width
    let area = 0, perimeter = 0;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      const m = mask[y * w + x];
      area += m;
      if (m !== (x > 0 ? mask[y * w + x - 1] : 0)) perimeter++;
      if (m !== (y > 0 ? mask[(y - 1) * w + x] : 0)) perimeter++;
      if (x === w - 1 && m) perimeter++;
      if (y === h - 1 && m) perimeter++;
    }
    return perimeter ? 2 * area / perimeter : 0;
  }

  // The paper under every pixel (ink high), its noise, and the opening's width (null when evenly lit).
  function paperOf(signal, borderLevel) {
    const edge = border(signal);
    const low = percentile(edge, 10), high = percentile(edge, 90);
    if (high - low <= RULES.minContrast) {
      const noise = Math.max(1.4826 * median(make(edge.length, Float64Array, function (p) { return Math.abs(edge[p] - borderLevel); })), 1 / 255);
      return {level: new Float64Array(signal.v.length).fill(borderLevel), noise: noise, window: null};
    }
    const short = Math.min(signal.w, signal.h);
    let size = Math.max(3, Math.floor(short / 6));
    let opened = opening(signal, size);
    const marks = make(signal.v.length, Uint8Array, function (p) { return signal.v[p] - opened.v[p] > RULES.minContrast ? 1 : 0; });
    const wide = Math.min(short, Math.ceil(3 * strokeWidth(marks, signal.w, signal.h)));
    if (wide > size) { size = wide; opened = opening(signal, size); }
    const stride = Math.max(1, Math.floor(signal.v.length / 100000)), residual = [];
    for (let p = 0; p < signal.v.length; p += stride) residual.push(signal.v[p] - opened.v[p]);
    const offset = median(residual);
    const noise = Math.max(1.4826 * median(make(residual.length, Float64Array, function (p) { return Math.abs(residual[p] - offset); })), 1 / 255);
    return {level: make(opened.v.length, Float64Array, function (p) { return opened.v[p] + offset; }), noise: noise, window: size};
  }

  // 8-connected pieces: a label per pixel (0 = none), and each piece's pixels.
  function pieces(mask, w, h) {
    const labels = new Int32Array(w * h), list = [];
    const stack = [];
    for (let start = 0; start < w * h; start++) {
      if (!mask[start] || labels[start]) continue;
      const piece = [];
      labels[start] = list.length + 1;
      stack.push(start);
      while (stack.length) {
        const p = stack.pop(), x = p % w, y = (p - x) / w;
        piece.push(p);
        for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx, ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const q = ny * w + nx;
          if (mask[q] && !labels[q]) { labels[q] = list.length + 1; stack.push(q); }
        }
      }
      list.push(piece);
    }
    return {labels: labels, list: list};
  }

  function gap(a, b) {  // paper between two boxes [top, left, bottom, right), as netcore.ink._gap
    return Math.max(a[0] - b[2], b[0] - a[2], a[1] - b[3], b[1] - a[3], 0);
  }

  // Whether a piece is one long, thin, straight mark: a margin, a page's edge (netcore.paperlines.is_stray_line).
  function isStrayLine(piece, w, thickness, longSide) {
    const n = piece.length;
    if (n < 3) return false;
    let sr = 0, sc = 0;
    for (const p of piece) { sr += (p - p % w) / w; sc += p % w; }
    const mr = sr / n, mc = sc / n;
    let rr = 0, rc = 0, cc = 0;
    for (const p of piece) {
      const dr = (p - p % w) / w - mr, dc = p % w - mc;
      rr += dr * dr; rc += dr * dc; cc += dc * dc;
    }
    rr /= n - 1; rc /= n - 1; cc /= n - 1;  // NumPy's cov (n - 1), then its two eigenvalues
    const middle = (rr + cc) / 2, radius = Math.sqrt((rr - cc) * (rr - cc) / 4 + rc * rc);
    // A straight band of length L and width w has variances L^2/12 and w^2/12.
    const length = Math.sqrt(12 * (middle + radius)), width = Math.sqrt(12 * Math.max(middle - radius, 0));
    return length >= RULES.strayLength * longSide && width <= thickness && length >= RULES.strayAspect * Math.max(width, 1);
  }

  // ---- Paper lines, as netcore.paperlines finds them ----------------------------------------------
  // Ruled and squared lines are long, thin, straight, parallel and run across the whole picture: thin peaks of the
  // ink's projection across them, at the camera's tilt (up to maxTilt degrees) where those peaks are sharpest.

  function lineThickness(shortSide) { return Math.max(2, roundHalfEven(RULES.lineThickness * shortSide)); }

  function bincount(bins) {  // NumPy's bincount of whole numbers >= 0
    let most = 0;
    for (let i = 0; i < bins.length; i++) most = Math.max(most, bins[i]);
    const counts = new Float64Array(most + 1);
    for (let i = 0; i < bins.length; i++) counts[bins[i]]++;
    return counts;
  }

  // The tilt (degrees) at which the ink projects into the sharpest rows and columns (netcore.paperlines._line_angle).
  // netcore looks at a seeded random subset of anglePoints points; the page at a regular one (NumPy's generator is not here).
  function lineAngle(rows, cols) {
    const stride = rows.length > RULES.anglePoints ? rows.length / RULES.anglePoints : 1, n = Math.min(rows.length, RULES.anglePoints);
    const r = make(n, Float64Array, function (i) { return rows[Math.floor(i * stride)]; });
    const c = make(n, Float64Array, function (i) { return cols[Math.floor(i * stride)]; });
    let reach = 0;
    for (let i = 0; i < n; i++) reach = Math.max(reach, Math.hypot(r[i], c[i]));
    // One projection and one histogram, reused: this runs 43 times on every drawing's pen move.
    const position = new Float64Array(n), counts = new Float64Array(2 * Math.ceil(reach) + 3);
    function sharpness(angle) {
      const cos = Math.cos(angle * Math.PI / 180), sin = Math.sin(angle * Math.PI / 180);
      let total = 0;
      for (let axis = 0; axis < 2; axis++) {
        let low = Infinity, top = 0;
        for (let i = 0; i < n; i++) {
          position[i] = axis ? c[i] * cos + r[i] * sin : r[i] * cos - c[i] * sin;
          if (position[i] < low) low = position[i];
        }
        counts.fill(0);
        for (let i = 0; i < n; i++) { const k = roundHalfEven(position[i] - low); counts[k]++; if (k > top) top = k; }
        for (let k = 0; k <= top; k++) total += counts[k] * counts[k];
      }
      return total;
    }
    function sharpest(angles) { return angles[largest(angles.map(sharpness))]; }
    const whole = [];
    for (let a = -RULES.maxTilt; a < RULES.maxTilt + 0.5; a += 1) whole.push(a);
    let best = sharpest(whole);
    for (const step of [0.1, 0.01]) {  // then tenths and hundredths of a degree around the best
      const around = [];
      for (let k = -5; k <= 5; k++) around.push(best + k * step);
      best = sharpest(around);
    }
    return best;
  }

  // Length within the picture (rows x cols) of the line of points p with p . normal = position (netcore.paperlines._chord).
  function chord(position, normal, direction, shape) {
    let low = -Infinity, high = Infinity;
    for (let axis = 0; axis < 2; axis++) {
      const start = position * normal[axis], size = shape[axis];
      if (Math.abs(direction[axis]) < 1e-12) {
        if (!(start >= 0 && start <= size - 1)) return 0;
        continue;
      }
      const a = (0 - start) / direction[axis], b = (size - 1 - start) / direction[axis];
      low = Math.max(low, Math.min(a, b));
      high = Math.min(high, Math.max(a, b));
    }
    return Math.max(0, high - low);
  }

  // Thin bands across `normal` that each hold one long straight line: [first, last] positions (netcore.paperlines._line_bands).
  function lineBands(rows, cols, normal, direction, shape, thickness) {
    const n = rows.length;
    const across = make(n, Float64Array, function (i) { return rows[i] * normal[0] + cols[i] * normal[1]; });
    const along = make(n, Float64Array, function (i) { return rows[i] * direction[0] + cols[i] * direction[1]; });
    let low = Infinity, high = -Infinity;
    for (let i = 0; i < n; i++) { low = Math.min(low, across[i]); high = Math.max(high, across[i]); }
    const origin = Math.floor(low), bins = make(n, Int32Array, function (i) { return roundHalfEven(across[i] - origin); });
    const counts = bincount(bins), size = 2 * thickness + 3;
    // Only what stands out of its surroundings as a thin peak: ink along a line, or a thick stroke, is wider.
    const opened = rankFilter(rankFilter({w: counts.length, h: 1, v: counts}, size, false), size, true).v;
    const peaks = make(counts.length, Float64Array, function (k) { return counts[k] - opened[k]; });
    const longest = Math.max(chord(0, normal, direction, shape), chord(low, normal, direction, shape), chord(high, normal, direction, shape));
    const busy = [];
    for (let k = 0; k < peaks.length; k++) if (peaks[k] >= RULES.lineFill * RULES.minChord * longest / 3) busy.push(k);
    const bands = [];
    for (let i = 0; i < busy.length;) {
      let j = i;
      while (j + 1 < busy.length && busy[j + 1] === busy[j] + 1) j++;
      const run = busy.slice(i, j + 1);
      i = j + 1;
      let top = 0, sum = 0;
      for (const k of run) { top = Math.max(top, peaks[k]); sum += peaks[k]; }
      const core = run.filter(function (k) { return peaks[k] >= 0.5 * top; });  // where the line is at least half as full
      const first = core[0], last = core[core.length - 1];
      const length = chord(origin + (first + last) / 2, normal, direction, shape);  // a tilted line near a corner is short
      if (last - first >= thickness || length < RULES.minChord * longest || sum < RULES.lineFill * length) continue;
      const inside = [];
      for (let k = 0; k < n; k++) if (bins[k] >= first && bins[k] <= last) inside.push(along[k]);
      if (percentile(inside, 99) - percentile(inside, 1) >= RULES.lineSpan * length) bands.push([first + origin, last + origin]);
    }
    return bands;
  }

  // SciPy's binary_closing of a box of a mask by a line of `size` ones along rows (vertical) or columns, outside = paper.
  // Each pass counts the ones in its window by running sums along the line: the cost does not grow with `size`.
  function closedAlong(mask, w, box, size, vertical) {
    const [top, left, bottom, right] = box, bw = right - left, bh = bottom - top;
    const lines = vertical ? bw : bh, length = vertical ? bh : bw;
    const at = function (line, i) { return vertical ? i * bw + line : line * bw + i; };  // in the box
    const lo = size >> 1, hi = size - 1 - lo;  // SciPy's origins: erosion over [i - lo, i + hi], dilation over [i - hi, i + lo]
    const sums = new Int32Array(length + 1);
    function pass(source, before, after, all) {
      const out = new Uint8Array(bw * bh);
      for (let line = 0; line < lines; line++) {
        for (let i = 0; i < length; i++) sums[i + 1] = sums[i] + source[at(line, i)];
        for (let i = 0; i < length; i++) {
          const from = i - before, to = i + after, ones = sums[Math.min(to, length - 1) + 1] - sums[Math.max(from, 0)];
          out[at(line, i)] = all ? (from >= 0 && to < length && ones === size ? 1 : 0) : (ones > 0 ? 1 : 0);
        }
      }
      return out;
    }
    const inBox = make(bw * bh, Uint8Array, function (q) { return mask[(Math.floor(q / bw) + top) * w + q % bw + left]; });
    return pass(pass(inBox, hi, lo, false), lo, hi, true);
  }

  // Ruled and squared lines taken out of the candidates, looking for them among the `lines` mask (fainter marks allowed);
  // strokes crossing them bridged again (netcore.paperlines.remove_lines). {mask, about} (about null: no line found).
  function removeLines(candidates, lines, w, h) {
    const points = [];
    for (let p = 0; p < w * h; p++) if (lines[p]) points.push(p);
    if (points.length < Math.min(w, h)) return {mask: candidates, about: null};  // not even one line's worth of ink
    const rows = Float64Array.from(points, function (p) { return (p - p % w) / w; }), cols = Float64Array.from(points, function (p) { return p % w; });
    const angle = lineAngle(rows, cols), cos = Math.cos(angle * Math.PI / 180), sin = Math.sin(angle * Math.PI / 180);
    const thickness = lineThickness(Math.min(w, h)), kept = Uint8Array.from(candidates), found = [];
    const inked = [];
    for (let p = 0; p < w * h; p++) if (candidates[p]) inked.push(p);
    for (const [name, normal, direction, vertical] of [["across", [cos, -sin], [sin, cos], true], ["down", [sin, cos], [cos, -sin], false]]) {
      const bands = lineBands(rows, cols, normal, direction, [h, w], thickness);
      if (!bands.length) continue;
      found.push(bands.length + " " + name);
      const removed = new Uint8Array(w * h);
      for (const p of inked) {
        const x = p % w, y = (p - x) / w, position = y * normal[0] + x * normal[1];
        if (bands.some(function (b) { return position >= b[0] - 1.5 && position <= b[1] + 1.5; })) { removed[p] = 1; kept[p] = 0; }
      }
      // A stroke crossing the line has ink on both sides: bridged again, where ink is left (with the closing's margin).
      const left = boxOf(kept, w, h), gap = thickness + 3;
      if (left[2] > left[0]) {
        const box = vertical ? [Math.max(left[0] - gap, 0), Math.max(left[1] - 1, 0), Math.min(left[2] + gap, h), Math.min(left[3] + 1, w)]
          : [Math.max(left[0] - 1, 0), Math.max(left[1] - gap, 0), Math.min(left[2] + 1, h), Math.min(left[3] + gap, w)];
        const closed = closedAlong(kept, w, box, gap, vertical), bw = box[3] - box[1];
        for (let y = box[0]; y < box[2]; y++) for (let x = box[1]; x < box[3]; x++) {
          const p = y * w + x;
          if (removed[p] && closed[(y - box[0]) * bw + x - box[1]]) kept[p] = 1;
        }
      }
    }
    return {mask: found.length ? kept : candidates, about: found.length ? "lines: " + found.join(" and ") + " at " + angle.toFixed(2) + "°" : null};
  }

  // The pieces' boxes [top, left, bottom, right) and masses (their summed contrast).
  function pieceInfo(list, contrast, w, h) {
    return list.map(function (piece) {
      let mass = 0, top = h, left = w, bottom = 0, right = 0;
      for (const p of piece) {
        const x = p % w, y = (p - x) / w;
        mass += contrast[p];
        top = Math.min(top, y); left = Math.min(left, x); bottom = Math.max(bottom, y + 1); right = Math.max(right, x + 1);
      }
      return {mass: mass, box: [top, left, bottom, right], piece: piece};
    });
  }

  // A mark wholly in a thin band along the picture's rim and reaching it is the rim of something (the page's edge,
  // the desk beyond it, a shadow's rim), never the digit (netcore.ink._digit's at_rim).
  function atRim(box, w, h) {
    const [top, left, bottom, right] = box;
    const bandRows = RULES.rimBand * h, bandCols = RULES.rimBand * w, nearRows = RULES.rimNear * h, nearCols = RULES.rimNear * w;
    return (top <= nearRows && bottom <= bandRows) || (bottom >= h - nearRows && top >= h - bandRows)
      || (left <= nearCols && right <= bandCols) || (right >= w - nearCols && left >= w - bandCols);
  }

  function union(a, b) { return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]; }

  // The digit: the heaviest inked piece and the pieces near it (netcore.ink._digit); a reason instead when there is none
  // or there are two. Pieces far fainter than the strongest heavy one are shading (a shadow's rim, crumples), never a digit.
  function digitOf(candidates, contrast, w, h) {
    const info = pieceInfo(pieces(candidates, w, h).list, contrast, w, h);
    const rim = info.filter(function (i) { return atRim(i.box, w, h); });
    if (rim.length === info.length) {
      return {refused: "no digit found: the only marks (" + info.length + ") lie along the picture's rim: the page is blank"};
    }
    let heaviest = 0;
    for (const i of info) if (!atRim(i.box, w, h)) heaviest = Math.max(heaviest, i.mass);
    const thickness = lineThickness(Math.min(w, h));
    const kept = info.filter(function (i) {
      return !atRim(i.box, w, h) && i.mass >= RULES.minPiece * heaviest && !isStrayLine(i.piece, w, thickness, Math.max(w, h));
    });
    if (!kept.length) return {refused: "no ink found: the image holds only lines and specks"};
    const height = function (box) { return box[2] - box[0]; };
    const extent = function (box) { return Math.max(box[2] - box[0], box[3] - box[1]); };
    const whole = function (i) { return i.box[0] > 0 && i.box[1] > 0 && i.box[2] < h && i.box[3] < w; };
    for (const i of kept) i.level = percentile(Float64Array.from(i.piece, function (p) { return contrast[p]; }), 90);
    let most = 0, strongest = 0;
    for (const i of kept) most = Math.max(most, i.mass);
    for (const i of kept) if (i.mass >= RULES.secondMass * most) strongest = Math.max(strongest, i.level);
    const inked = kept.filter(function (i) { return i.level >= RULES.shadingLevel * strongest; });
    // The heaviest inked piece shown whole; one cut by the picture's edge only if there is nothing else.
    const shown = inked.filter(whole).length ? inked.filter(whole) : inked;
    const main = shown.reduce(function (a, b) { return b.mass > a.mass ? b : a; });
    const chosen = new Set([main]), reach = RULES.near * extent(main.box);
    let box = main.box.slice();
    for (;;) {  // the digit's other pieces (a detached bar, a broken pencil stroke) lie near the pieces gathered so far
      const near = kept.filter(function (i) { return !chosen.has(i) && gap(i.box, box) <= reach; });
      if (!near.length) break;
      for (const i of near) { chosen.add(i); box = union(box, i.box); }
    }
    // Another digit: an inked piece nearly as heavy as the whole digit, about as tall, shown whole, digit-sized,
    // and apart from the digit (or, within it, from another such piece: two digits written close).
    const needed = Math.max(RULES.minDigitPixels, RULES.minDigit * Math.min(w, h));
    let massDigit = 0;
    for (const i of chosen) massDigit += i.mass;
    const digitSized = inked.filter(function (i) {
      const similar = height(i.box) >= RULES.secondHeight * height(box) && RULES.secondHeight * height(i.box) <= height(box);
      return i.mass >= RULES.secondMass * massDigit && similar && whole(i) && extent(i.box) >= needed;
    });
    for (const i of digitSized) {
      const against = !chosen.has(i) ? [box] : digitSized.filter(function (j) { return j !== i && chosen.has(j); }).map(function (j) { return j.box; });
      if (against.some(function (other) { return gap(i.box, other) > RULES.secondGap * extent(box); })) {
        return {refused: "two or more separate digits (marks as large as a digit, apart): show one digit only, or crop the image to it"};
      }
    }
    if (extent(box) < needed) {
      return {refused: "no digit found: the only ink is a speck of " + (box[3] - box[1]) + "x" + (box[2] - box[0])
        + " pixels, too small for a digit (at least " + Math.ceil(needed) + " pixels tall or wide): the page is blank, or photograph the digit larger"};
    }
    const digit = new Uint8Array(w * h);
    for (const i of chosen) for (const p of i.piece) digit[p] = 1;
    return {mask: digit, pieces: chosen.size, rimMarks: rim.length};
  }

  // The pieces of weak (8-connected) that hold a pixel of strong: hysteresis, as Canny's edges (netcore.ink._grown).
  function grownFrom(strong, weak, w, h) {
    const found = pieces(weak, w, h), keepLabel = new Uint8Array(found.list.length + 1), out = new Uint8Array(w * h);
    for (let p = 0; p < strong.length; p++) if (strong[p] && found.labels[p]) keepLabel[found.labels[p]] = 1;
    for (let p = 0; p < out.length; p++) out[p] = keepLabel[found.labels[p]];
    return out;
  }

  function count(mask) { let n = 0; for (let p = 0; p < mask.length; p++) n += mask[p] ? 1 : 0; return n; }

  function boxOf(mask, w, h) {  // [top, left, bottom, right) of the set pixels
    let top = h, left = w, bottom = 0, right = 0;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (mask[y * w + x]) {
      top = Math.min(top, y); left = Math.min(left, x); bottom = Math.max(bottom, y + 1); right = Math.max(right, x + 1);
    }
    return [top, left, bottom, right];
  }

  // Whether the ink is darker than the paper (netcore.ink._polarity): the side reaching further from the border's paper,
  // or, under uneven light, from the paper around it (a wide median; needs OpenCV.js, which photos have, drawings not).
  function inkIsDark(grey, cv) {
    const edge = border(grey), paper = median(edge);
    const brightness = percentile(strided(grey.v, 100000), 99);  // a dim photo's shadows step by hundredths
    if (percentile(edge, 90) - percentile(edge, 10) <= RULES.minContrast * brightness || !cv) {
      return {paper: paper, dark: paper - minOf(grey.v) > maxOf(grey.v) - paper};
    }
    const local = localMedian(cv, grey);
    const residual = blurred(cv, {w: grey.w, h: grey.h, v: make(grey.v.length, Float32Array, function (p) { return grey.v[p] - local.v[p]; })}, 1.0);
    // The border band is left out, as netcore does: there the median's window folds back on itself.
    const band = bandOf(grey), inner = Math.min(grey.w, grey.h) > 2 * band ? make((grey.w - 2 * band) * (grey.h - 2 * band), Float32Array, function (q) {
      const w = grey.w - 2 * band;
      return residual.v[(Math.floor(q / w) + band) * grey.w + (q % w) + band];
    }) : residual.v;
    return {paper: paper, dark: -minOf(inner) > maxOf(inner)};
  }

  // Ink strength in [0, 1] of the one digit in a grey picture, and the steps taken (netcore.ink.find_ink).
  // smoothed: strong sensor noise was smoothed out of the picture, so the digit grows into the faint ink joined to it.
  // The refusal of a "digit" that is only smudges (netcore.ink._refuse_smudges): strokes below `faintest` times the
  // threshold, or many faint scattered pieces (a blank page's crumples, a shadow's rim, noise); null if it is ink.
  function smudgesOnly(raw, mask, threshold, pieces, faintest) {
    const inDigit = [];
    for (let p = 0; p < mask.length; p++) if (mask[p]) inDigit.push(raw[p]);
    const level = percentile(inDigit, 90) / threshold;
    if (level >= faintest && (pieces < RULES.scattered || level >= RULES.scatteredLevel)) return null;
    return "no digit found: the only marks are " + counted(pieces, "faint smudge") + " (" + level.toFixed(1)
      + " times the paper's noise threshold; a stroke stands out more): the page is blank, or its digit too faint to read";
  }

  function findInk(grey, smoothed, cv) {
    const steps = [];
    const polarity = inkIsDark(grey, cv), dark = polarity.dark, paperGrey = polarity.paper;
    const signal = {w: grey.w, h: grey.h, v: dark ? make(grey.v.length, Float64Array, function (p) { return 1 - grey.v[p]; }) : grey.v};
    steps.push("polarity: " + (dark ? "dark ink on light paper" : "light ink on a dark background"));
    const paper = paperOf(signal, dark ? 1 - paperGrey : paperGrey);
    steps.push(paper.window === null ? "paper: evenly lit" : "paper: unevenly lit, light estimated over " + paper.window + " px");
    const n = signal.v.length, raw = new Float64Array(n), reach = new Float64Array(n), contrast = new Float64Array(n);
    const threshold = Math.max(5 * paper.noise, RULES.minContrast);
    // Growth only where smoothed noise, not minContrast, sets the threshold: below minContrast lie lines and shading.
    const noisy = smoothed && 5 * paper.noise > RULES.minContrast;
    const weak = noisy ? RULES.hysteresis * threshold : 5 * paper.noise;
    let candidates = new Uint8Array(n), any = false;
    for (let p = 0; p < n; p++) {
      raw[p] = Math.max(signal.v[p] - paper.level[p], 0);
      reach[p] = Math.max(1 - paper.level[p], 0.05);
      contrast[p] = raw[p] / reach[p];
      if (raw[p] > threshold) { candidates[p] = 1; any = true; }
    }
    if (!any) return {ink: null, steps: steps.concat("no ink found: the image is blank or its marks are too faint")};
    // Paper lines are looked for among fainter marks too (printed lines can be fainter than ink).
    const lineInk = make(n, Uint8Array, function (p) { return contrast[p] > RULES.lineContrast && raw[p] > 3 * paper.noise ? 1 : 0; });
    const lines = removeLines(candidates, lineInk, signal.w, signal.h);
    candidates = lines.mask;
    if (lines.about) steps.push(lines.about);
    if (candidates.indexOf(1) < 0) return {ink: null, steps: steps.concat("no ink found: the image is blank or its marks are too faint (only paper lines)")};
    const digit = digitOf(candidates, contrast, signal.w, signal.h);
    if (digit.refused) return {ink: null, steps: steps.concat(digit.refused)};
    let mask = digit.mask;
    if (noisy) {  // strokes completed, not flooded: growth far beyond the digit has leaked into lines or shading
      const grown = grownFrom(mask, make(n, Uint8Array, function (p) { return raw[p] > weak ? 1 : 0; }), signal.w, signal.h);
      if (count(grown) <= RULES.maxGrowth * count(mask)) mask = grown;
    }
    const smudges = smudgesOnly(raw, mask, threshold, digit.pieces, smoothed ? RULES.faintest : RULES.faintestClear);
    if (smudges) return {ink: null, steps: steps.concat(smudges)};
    steps.push("digit: " + counted(digit.pieces, "piece") + (digit.rimMarks ? ", " + counted(digit.rimMarks, "mark") + " along the rim left out" : "")
      + (noisy ? ", grown into the fainter ink joined to it" : ""));
    const inDigit = [];
    for (let p = 0; p < n; p++) if (mask[p]) inDigit.push(contrast[p]);
    const level = percentile(inDigit, 90);
    const w = signal.w, h = signal.h, ink = new Float64Array(n);
    const [top, left, bottom, right] = boxOf(mask, w, h);
    for (let y = Math.max(top - 1, 0); y < Math.min(bottom + 1, h); y++) {
      for (let x = Math.max(left - 1, 0); x < Math.min(right + 1, w); x++) {
        let nearDigit = false;  // within the digit dilated by a 3x3 square, inside the box grown by one
        for (let dy = -1; dy <= 1 && !nearDigit; dy++) for (let dx = -1; dx <= 1; dx++) {
          const ny = y + dy, nx = x + dx;
          if (ny >= Math.max(top - 1, 0) && ny < Math.min(bottom + 1, h) && nx >= Math.max(left - 1, 0) && nx < Math.min(right + 1, w)
              && mask[ny * w + nx]) { nearDigit = true; break; }
        }
        const p = y * w + x;
        const value = Math.min(Math.max(contrast[p] / level, 0), 1);
        const floor = Math.min(Math.max(RULES.minInk, weak / (reach[p] * level)), 0.5);
        ink[p] = nearDigit && value >= floor ? value : 0;
      }
    }
    steps.push("ink: typical stroke level " + level.toFixed(2) + " becomes 1");
    return {ink: {w: w, h: h, v: ink}, steps: steps};
  }

  function crop(img) {
    let top = img.h, left = img.w, bottom = -1, right = -1;
    for (let y = 0; y < img.h; y++) for (let x = 0; x < img.w; x++) if (img.v[y * img.w + x] > 0) {
      top = Math.min(top, y); bottom = Math.max(bottom, y); left = Math.min(left, x); right = Math.max(right, x);
    }
    const w = right - left + 1, h = bottom - top + 1, v = new Float64Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) v[y * w + x] = img.v[(y + top) * img.w + x + left];
    return {w: w, h: h, v: v};
  }

  // Exact Euclidean distance of every set pixel to the nearest unset one (SciPy's distance_transform_edt),
  // by Felzenszwalb and Huttenlocher's lower envelope of parabolas, rows then columns.
  function distance(mask, w, h) {
    const big = 1e20, f = new Float64Array(w * h);
    for (let p = 0; p < w * h; p++) f[p] = mask[p] ? big : 0;
    function pass(count, length, at) {
      const d = new Float64Array(length), v = new Int32Array(length), z = new Float64Array(length + 1), g = new Float64Array(length);
      for (let o = 0; o < count; o++) {
        for (let i = 0; i < length; i++) g[i] = f[at(o, i)];
        let k = 0; v[0] = 0; z[0] = -Infinity; z[1] = Infinity;
        for (let q = 1; q < length; q++) {
          let s = ((g[q] + q * q) - (g[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
          while (s <= z[k]) { k--; s = ((g[q] + q * q) - (g[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]); }
          k++; v[k] = q; z[k] = s; z[k + 1] = Infinity;
        }
        k = 0;
        for (let q = 0; q < length; q++) {
          while (z[k + 1] < q) k++;
          d[q] = (q - v[k]) * (q - v[k]) + g[v[k]];
        }
        for (let i = 0; i < length; i++) f[at(o, i)] = d[i];
      }
    }
    pass(h, w, function (y, x) { return y * w + x; });
    pass(w, h, function (x, y) { return y * w + x; });
    return make(f.length, Float64Array, function (p) { return Math.sqrt(f[p]); });
  }

  function pad(img, margin) {
    const w = img.w + 2 * margin, h = img.h + 2 * margin, v = new Float64Array(w * h);
    for (let y = 0; y < img.h; y++) for (let x = 0; x < img.w; x++) v[(y + margin) * w + x + margin] = img.v[y * img.w + x];
    return {w: w, h: h, v: v};
  }

  // scipy.ndimage.binary_closing of the mask padded by `reach` (3x3 square, `reach` iterations), cropped back, as
  // netcore.strokes measures a grainy stroke: `reach` dilations, then `reach` erosions where outside counts as paper.
  function closedGrain(mask, w, h, reach) {
    const pw = w + 2 * reach, ph = h + 2 * reach;
    let m = new Uint8Array(pw * ph);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) m[(y + reach) * pw + x + reach] = mask[y * w + x];
    for (let k = 0; k < 2 * reach; k++) {
      const erode = k >= reach, out = new Uint8Array(pw * ph);
      for (let y = 0; y < ph; y++) for (let x = 0; x < pw; x++) {
        let v = erode ? 1 : 0;
        for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy, xx = x + dx, n = yy >= 0 && yy < ph && xx >= 0 && xx < pw ? m[yy * pw + xx] : 0;
          v = erode ? v & n : v | n;
        }
        out[y * pw + x] = v;
      }
      m = out;
    }
    return make(w * h, Uint8Array, function (p) { return m[(Math.floor(p / w) + reach) * pw + p % w + reach]; });
  }

  function countPieces(mask, w, h) { return pieces(mask, w, h).list.length; }

  // Strokes far thinner or fatter than MNIST's (once fitted to the 20-pixel box) brought to about its width
  // (netcore.strokes.normalise_strokes).
  function normaliseStrokes(ink) {
    let mask = make(ink.v.length, Uint8Array, function (p) { return ink.v[p] >= 0.5 ? 1 : 0; });
    if (mask.indexOf(1) < 0) mask = make(ink.v.length, Uint8Array, function (p) { return ink.v[p] > 0 ? 1 : 0; });
    const scale = RULES.box / Math.max(ink.w, ink.h), reach = Math.trunc(RULES.grain / scale / 2);
    // Grainy strokes (pencil) are measured with their holes narrower than `grain` of a pixel of the box filled.
    const width = strokeWidth(reach ? closedGrain(mask, ink.w, ink.h, reach) : mask, ink.w, ink.h) * scale;
    if (width < RULES.minStroke) {
      const grow = (RULES.thinTarget / scale - width / scale) / 2, margin = Math.ceil(grow) + 2;
      const padded = pad(ink, margin), paddedMask = pad({w: ink.w, h: ink.h, v: mask}, margin);
      const away = distance(make(paddedMask.v.length, Uint8Array, function (p) { return paddedMask.v[p] ? 0 : 1; }), padded.w, padded.h);
      const v = make(padded.v.length, Float64Array, function (p) { return Math.max(padded.v[p], Math.min(Math.max(grow + 1 - away[p], 0), 1)); });
      return {ink: {w: padded.w, h: padded.h, v: v}, step: "strokes: widened (" + width.toFixed(2) + " px in 20)"};
    }
    if (width > RULES.maxStroke) {
      const target = RULES.fatTarget / scale, inside = distance(mask, ink.w, ink.h);
      let low = 0, high = -1;
      for (let p = 0; p < inside.length; p++) high = Math.max(high, inside[p] - 1);
      for (let i = 0; i < 12; i++) {
        const middle = (low + high) / 2;
        const deeper = make(inside.length, Uint8Array, function (p) { return inside[p] >= middle + 1 ? 1 : 0; });
        if (strokeWidth(deeper, ink.w, ink.h) > target) low = middle; else high = middle;
      }
      const count = countPieces(mask, ink.w, ink.h);
      for (const depth of [low, low / 2, low / 4]) {
        const thinned = make(inside.length, Float64Array, function (p) { return Math.min(Math.max(inside[p] - depth, 0), 1); });
        if (countPieces(make(thinned.length, Uint8Array, function (p) { return thinned[p] >= 0.5 ? 1 : 0; }), ink.w, ink.h) === count) {
          return {ink: {w: ink.w, h: ink.h, v: thinned}, step: "strokes: thinned (" + width.toFixed(2) + " px in 20)"};
        }
      }
      return {ink: ink, step: "strokes: kept (thinning would cut them)"};
    }
    return {ink: ink, step: "strokes: kept (" + width.toFixed(2) + " px in 20)"};
  }

  // Fit to 20x20 keeping the shape, then shift by whole pixels so the centre of mass sits on (14, 14) (netcore.preprocess._place).
  function place(ink) {
    let scale = RULES.box / Math.max(ink.w, ink.h);
    for (;;) {
      const w = Math.max(1, Math.round(ink.w * scale)), h = Math.max(1, Math.round(ink.h * scale));
      const digit = resize(ink, w, h, "bilinear");
      const field = new Float64Array(PIXELS);
      const top = (SIZE - h) >> 1, left = (SIZE - w) >> 1;
      let mass = 0, rows = 0, cols = 0;
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
        const v = Math.min(Math.max(digit.v[y * w + x], 0), 1);
        field[(y + top) * SIZE + x + left] = v;
        mass += v; rows += v * (y + top); cols += v * (x + left);
      }
      if (mass <= 0) return null;
      const dy = roundHalfEven(RULES.centre - rows / mass), dx = roundHalfEven(RULES.centre - cols / mass);
      let first = [SIZE, SIZE], last = [-1, -1];
      for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) if (field[y * SIZE + x] > 0) {
        first = [Math.min(first[0], y), Math.min(first[1], x)]; last = [Math.max(last[0], y), Math.max(last[1], x)];
      }
      if (first[0] + dy >= 0 && first[1] + dx >= 0 && last[0] + dy < SIZE && last[1] + dx < SIZE) {
        const out = new Float64Array(PIXELS);
        let most = 0;
        for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) {
          const sy = y - dy, sx = x - dx;
          out[y * SIZE + x] = sy >= 0 && sx >= 0 && sy < SIZE && sx < SIZE ? field[sy * SIZE + sx] : 0;
          most = Math.max(most, out[y * SIZE + x]);
        }
        return {pixels: out.map(function (v) { return Math.min(Math.max(v / most, 0), 1); }),
                step: "fit " + w + "×" + h + " in " + RULES.box + "×" + RULES.box + ", centred in " + SIZE + "×" + SIZE};
      }
      scale *= 0.9;  // a lopsided digit would leave the field: shrink it a little, as netcore does
    }
  }

  // From the found ink to the 784 numbers: crop, strokes to MNIST's width, fit 20x20 and centre (shared by drawings and photos).
  function finish(found, steps) {
    steps.push.apply(steps, found.steps);
    if (found.ink === null) return {pixels: null, steps: steps};
    const strokes = normaliseStrokes(crop(found.ink));
    steps.push(strokes.step);
    const placed = place(crop(strokes.ink));
    if (placed === null) return {pixels: null, steps: steps.concat("no ink left after fitting")};
    steps.push(placed.step);
    return {pixels: placed.pixels, steps: steps};
  }

  // A drawing (or any ImageData given to explainer.prepare): read whole, in grey, without OpenCV.js. A drawing is no
  // photo of a page on a desk, and the pad must answer as the student draws, before any 10 MB library could load.
  function prepareWithSteps(image) {
    let grey = greyOf(image);
    const steps = [];
    if (Math.max(grey.w, grey.h) > RULES.workSide) {
      const f = RULES.workSide / Math.max(grey.w, grey.h);
      grey = resize(grey, Math.max(1, Math.round(grey.w * f)), Math.max(1, Math.round(grey.h * f)), "box");
      steps.push("reduce to " + grey.w + "×" + grey.h);
    }
    return finish(findInk(grey, false, null), steps);
  }

  // ---- Photos: netcore's glare, page and colour steps, with OpenCV.js where netcore uses cv2 -------
  // OpenCV.js is loaded when the first photo is opened (opencv-js/opencv.js, 10 MB with its WebAssembly inside).

  const PHOTO = RULES.photo;
  const CV_SCRIPT = "opencv-js/opencv.js";
  const CV_WAIT_MS = 30000;  // its WebAssembly compiles in about a second; a slow phone gets far more, not forever
  let cvLoading = null;

  // A promise of {cv} once OpenCV.js's runtime is ready (wrapped: the module has a then() of its own, which a promise
  // would follow for ever). A failed load is forgotten, so the next photo tries again.
  function loadOpenCV() {
    if (cvLoading) return cvLoading;
    cvLoading = new Promise(function (resolve, reject) {
      const timer = setTimeout(function () { reject(new Error("OpenCV.js did not start within " + CV_WAIT_MS / 1000 + " s")); }, CV_WAIT_MS);
      const script = doc.createElement("script");
      script.src = CV_SCRIPT;
      script.onerror = function () { clearTimeout(timer); reject(new Error("OpenCV.js (" + CV_SCRIPT + ") is missing from the lesson folder")); };
      script.onload = function () {
        const cv = window.cv;
        const ready = function () { clearTimeout(timer); resolve({cv: cv}); };
        if (!cv) { script.onerror(); return; }
        if (cv.Mat) { ready(); return; }
        const before = cv.onRuntimeInitialized;
        cv.onRuntimeInitialized = function () { if (before) before(); ready(); };
      };
      doc.head.appendChild(script);
    });
    cvLoading.catch(function () { cvLoading = null; });
    return cvLoading;
  }

  // Reading a photo takes a second or more (its non-local means most of all): in one go, it would freeze the page. So the
  // photo path is async and awaits its reading's turn() between steps and within the long ones: once it has held the main
  // thread for SLICE_MS, the event loop gets a turn, from a timer. The 4 ms a browser leaves between chained timers let
  // clicks, drawing and painting in; a MessageChannel's or scheduler.yield's continuation comes back at once, and Chromium
  // then answered clicks up to a second late. A hidden page has no one to answer (and its timers are slowed to one a
  // second): it does not yield. A Web Worker would free the thread altogether, but Chromium refuses workers to a page
  // opened from a folder (a file URL), and the lesson must work so.
  const SLICE_MS = 30;  // with a step or an offset beyond it, under the 50 ms that makes a task long
  function nextTask() { return new Promise(function (resolve) { setTimeout(resolve, 0); }); }

  // One photo's reading: turn() (above), which throws once abandon() was called, when a newer photo or a drawing has taken
  // the photo's place: the rest of its work is not done, and its result never shown.
  function reading() {
    let since = performance.now(), abandoned = false;
    return {
      turn: async function () {
        if (performance.now() - since >= SLICE_MS && !doc.hidden) { await nextTask(); since = performance.now(); }
        if (abandoned) throw new Error("abandoned: a newer digit took the photo's place");
      },
      abandon: function () { abandoned = true; },
    };
  }

  // OpenCV.js's Mats live outside JavaScript's garbage collector: every one made for a photo is kept here and freed at the end.
  function matKeeper() {
    const made = [];
    const keep = function (mat) { made.push(mat); return mat; };
    keep.free = function () { for (const m of made) if (!m.isDeleted()) m.delete(); };
    return keep;
  }

  // Grey pictures {w, h, v} to and from single-channel float32 Mats. A Mat's data is a view of OpenCV's memory, which
  // moves when it grows: what is read from a Mat is copied (slice) before OpenCV.js is called again.
  function toMat(cv, keep, img) { return keep(cv.matFromArray(img.h, img.w, cv.CV_32F, img.v)); }
  function fromMat(mat) { return {w: mat.cols, h: mat.rows, v: Float32Array.from(mat.data32F)}; }
  function maskOf(cv, keep, w, h, fn) { return keep(cv.matFromArray(h, w, cv.CV_8U, make(w * h, Uint8Array, fn))); }

  // cv2.GaussianBlur(img, (0, 0), sigma) of a grey picture.
  function blurred(cv, img, sigma) {
    const keep = matKeeper(), out = keep(new cv.Mat());
    try {
      cv.GaussianBlur(toMat(cv, keep, img), out, new cv.Size(0, 0), sigma, sigma, cv.BORDER_DEFAULT);
      return fromMat(out);
    } finally { keep.free(); }
  }

  function lumaOf(rgb) {  // the luminance of a float RGB Mat, as netcore.imagefile.luminance
    const d = rgb.data32F, L = PHOTO.colour.luma;
    return {w: rgb.cols, h: rgb.rows, v: make(rgb.rows * rgb.cols, Float32Array, function (p) { return d[3 * p] * L[0] + d[3 * p + 1] * L[1] + d[3 * p + 2] * L[2]; })};
  }

  function largest(values) { let best = 0; for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i; return best; }
  function oddAtLeast3(x) { return Math.max(3, roundHalfEven(x)) | 1; }
  function maxOf(values) { let m = -Infinity; for (let i = 0; i < values.length; i++) m = Math.max(m, values[i]); return m; }
  function minOf(values) { let m = Infinity; for (let i = 0; i < values.length; i++) m = Math.min(m, values[i]); return m; }
  function where(values, mask) { const out = []; for (let p = 0; p < mask.length; p++) if (mask[p]) out.push(values[p]); return out; }
  function dilated(cv, keep, mask, side, erode) {  // cv2.dilate (or erode) by a square of ones, borders as cv2's defaults
    const out = keep(new cv.Mat()), kernel = keep(cv.Mat.ones(side, side, cv.CV_8U));
    (erode ? cv.erode : cv.dilate)(mask, out, kernel);
    return out;
  }

  // The share of the picture under its largest washed-out patch, 0 if none (netcore.glare.glare_fraction).
  function glareFraction(cv, keep, grey) {
    const G = PHOTO.glare, step = Math.max(1, Math.floor(Math.max(grey.w, grey.h) / 400));
    const w = Math.ceil(grey.w / step), h = Math.ceil(grey.h / step);
    const small = {w: w, h: h, v: make(w * h, Float32Array, function (p) { return grey.v[Math.floor(p / w) * step * grey.w + (p % w) * step]; })};
    const level = median(small.v), short = Math.min(w, h);
    if (!(G.dark <= level && level < G.paper)) return 0;  // white paper everywhere, or a black ground (white ink on it)
    const soft = blurred(cv, small, 1.0);
    const labels = keep(new cv.Mat()), stats = keep(new cv.Mat()), centroids = keep(new cv.Mat());
    const count = cv.connectedComponentsWithStats(maskOf(cv, keep, w, h, function (p) { return soft.v[p] >= G.white ? 1 : 0; }), labels, stats, centroids, 8, cv.CV_32S);
    if (count <= 1) return 0;
    const areas = make(count - 1, Float64Array, function (i) { return stats.data32S[(i + 1) * 5 + cv.CC_STAT_AREA]; });
    const label = 1 + largest(areas), at = labels.data32S.slice(), patch = maskOf(cv, keep, w, h, function (p) { return at[p] === label ? 1 : 0; });
    const clipped = where(small.v, patch.data.slice());  // glare saturates the sensor; bright paper stays below the clip
    if (clipped.filter(function (v) { return v >= G.clipped; }).length < G.clippedShare * clipped.length) return 0;
    const inside = keep(new cv.Mat());
    cv.distanceTransform(patch, inside, cv.DIST_L2, 5);
    if (maxOf(inside.data32F) < G.thick * short) return 0;  // glare is broad; white strokes are thin
    // Glare fades into the paper through a bright halo, and beyond it lies paper, not a black ground.
    const reach = oddAtLeast3(G.halo * short), wide = Math.max(reach + 2, roundHalfEven(G.around * short)) | 1;
    const near = dilated(cv, keep, patch, reach).data.slice(), far = dilated(cv, keep, patch, wide).data.slice(), inPatch = patch.data.slice();
    const halo = where(small.v, make(w * h, Uint8Array, function (p) { return near[p] > inPatch[p] ? 1 : 0; }));
    if (!halo.length || median(halo) < G.haloLevel) return 0;
    const around = where(small.v, make(w * h, Uint8Array, function (p) { return far[p] > near[p] ? 1 : 0; }));
    if (!around.length || median(around) < G.aroundLevel) return 0;
    return areas[label - 1] / (w * h);
  }

  // Four points [x, y] clockwise on screen from the one nearest the top left (netcore.page._clockwise).
  function clockwise(points) {
    const cx = points.reduce(function (s, p) { return s + p[0]; }, 0) / 4, cy = points.reduce(function (s, p) { return s + p[1]; }, 0) / 4;
    const sorted = points.slice().sort(function (a, b) { return Math.atan2(a[1] - cy, a[0] - cx) - Math.atan2(b[1] - cy, b[0] - cx); });
    const first = largest(sorted.map(function (p) { return -(p[0] + p[1]); }));
    return sorted.slice(first).concat(sorted.slice(0, first));
  }

  function sides(corners) { return corners.map(function (p, i) { const q = corners[(i + 1) % 4]; return Math.hypot(q[0] - p[0], q[1] - p[1]); }); }

  // The biggest outer contour of a mask: its index in contours.
  function biggestContour(cv, keep, mask, contours) {
    cv.findContours(mask, contours, keep(new cv.Mat()), cv.RETR_EXTERNAL, cv.CHAIN_APPROX_NONE);
    return largest(make(contours.size(), Float64Array, function (i) { return cv.contourArea(keep(contours.get(i))); }));
  }

  // A piece's four corners if it is a page: four-sided, filled, bright inside, the desk darker all around (netcore.page._quadrilateral).
  function quadrilateral(cv, keep, piece, lum) {
    const P = PHOTO.page, rows = lum.h, cols = lum.w;
    const first = keep(new cv.MatVector()), filled = keep(cv.Mat.zeros(rows, cols, cv.CV_8U));
    cv.drawContours(filled, first, biggestContour(cv, keep, piece, first), new cv.Scalar(1), cv.FILLED);
    const grown = dilated(cv, keep, filled, 9), page = grown.data.slice();  // the piece stops short of the rim by the edge band's half-width
    const second = keep(new cv.MatVector()), hull = keep(new cv.Mat());
    cv.convexHull(keep(second.get(biggestContour(cv, keep, grown, second))), hull, false, true);
    const perimeter = cv.arcLength(hull, true);
    let polygon = null;
    for (const tolerance of [0.01, 0.02, 0.03, 0.04, 0.06, 0.08]) {  // netcore.page's growing Douglas-Peucker tolerances
      polygon = keep(new cv.Mat());
      cv.approxPolyDP(hull, polygon, tolerance * perimeter, true);
      if (polygon.rows <= 4) break;
    }
    if (polygon.rows !== 4) return null;
    const corners = clockwise([0, 1, 2, 3].map(function (i) { return [polygon.data32S[2 * i], polygon.data32S[2 * i + 1]]; }));  // read at once
    const area = cv.contourArea(keep(cv.matFromArray(4, 1, cv.CV_32FC2, [].concat.apply([], corners))));
    if (!(P.minPage * rows * cols <= area && area <= P.maxPage * rows * cols)) return null;
    if (count(page) < P.fill * area) return null;
    const s = sides(corners), across = (s[0] + s[2]) / 2, down = (s[1] + s[3]) / 2;
    if (Math.max(across, down) > P.maxAspect * Math.min(across, down)) return null;
    // Brighter inside than outside along the rim: paper on a desk, not a dark frame on a light wall.
    const band = Math.max(2, roundHalfEven(0.03 * Math.min(rows, cols)));
    const in1 = dilated(cv, keep, grown, band, true).data.slice(), in3 = dilated(cv, keep, grown, 3 * band, true).data.slice();
    const out3 = dilated(cv, keep, grown, 3 * band).data.slice(), out1 = dilated(cv, keep, grown, band).data.slice();
    const inside = where(lum.v, make(rows * cols, Uint8Array, function (p) { return in1[p] ^ in3[p]; }));
    const outside = where(lum.v, make(rows * cols, Uint8Array, function (p) { return out3[p] ^ out1[p]; }));
    if (!inside.length || !outside.length || median(inside) < P.rimRatio * median(outside)) return null;
    // And the desk is all around: what lies outside is darker than the page.
    const paper = where(lum.v, page), desk = where(lum.v, make(rows * cols, Uint8Array, function (p) { return 1 - page[p]; }));
    if (median(desk) * P.rimRatio > median(paper)) return null;
    return corners;
  }

  // The corners [x, y] of the sheet of paper in a float RGB Mat, clockwise from the top left; null if none (netcore.page.find_page).
  function findPage(cv, keep, rgb) {
    const P = PHOTO.page, height = rgb.rows, width = rgb.cols;
    if (Math.min(height, width) < P.minSide) return null;
    const factor = Math.min(1, P.findSide / Math.max(height, width)), small = keep(new cv.Mat());
    cv.resize(rgb, small, new cv.Size(Math.max(1, roundHalfEven(width * factor)), Math.max(1, roundHalfEven(height * factor))), 0, 0, cv.INTER_AREA);
    const lum = lumaOf(small), rows = lum.h, cols = lum.w;  // lumaOf copies
    // Log luminance: an edge is a ratio of brightness, as strong in dim light as in bright.
    const log = blurred(cv, {w: cols, h: rows, v: make(rows * cols, Float32Array, function (p) { return Math.log(lum.v[p] + 0.02); })}, P.smooth);
    const logMat = toMat(cv, keep, log), gx = keep(new cv.Mat()), gy = keep(new cv.Mat());
    cv.Sobel(logMat, gx, cv.CV_32F, 1, 0, 3);
    cv.Sobel(logMat, gy, cv.CV_32F, 0, 1, 3);
    const dx = gx.data32F.slice(), dy = gy.data32F.slice();
    const edges = dilated(cv, keep, maskOf(cv, keep, cols, rows, function (p) { return Math.hypot(dx[p], dy[p]) / 8 > P.edge ? 1 : 0; }), 3);
    const labels = keep(new cv.Mat()), stats = keep(new cv.Mat()), centroids = keep(new cv.Mat());
    const edge = edges.data.slice(), between = maskOf(cv, keep, cols, rows, function (p) { return 1 - edge[p]; });
    const n = cv.connectedComponentsWithStats(between, labels, stats, centroids, 4, cv.CV_32S);
    const table = stats.data32S.slice(), stat = function (i, k) { return table[i * 5 + k]; };
    const candidates = [];
    for (let i = 1; i < n; i++) {  // pieces clear of the picture's rim (the desk touches it), big enough for a page
      const left = stat(i, cv.CC_STAT_LEFT), top = stat(i, cv.CC_STAT_TOP);
      const inner = left > 0 && top > 0 && left + stat(i, cv.CC_STAT_WIDTH) < cols && top + stat(i, cv.CC_STAT_HEIGHT) < rows;
      if (inner && stat(i, cv.CC_STAT_AREA) >= P.minPage * rows * cols * 0.8) candidates.push(i);
    }
    candidates.sort(function (a, b) { return stat(b, cv.CC_STAT_AREA) - stat(a, cv.CC_STAT_AREA); });
    const pieceOf = labels.data32S.slice();
    for (const label of candidates) {
      const corners = quadrilateral(cv, keep, maskOf(cv, keep, cols, rows, function (p) { return pieceOf[p] === label ? 1 : 0; }), lum);
      if (corners) return corners.map(function (c) { return [(c[0] + 0.5) / factor, (c[1] + 0.5) / factor]; });
    }
    return null;
  }

  // The page flattened onto a rectangle of its proportions (at most maxSide on its long side), its rim dropped (netcore.page.rectify).
  function rectify(cv, keep, rgb, corners, maxSide) {
    const s = sides(corners), factor = Math.min(1, maxSide / Math.max(s[0], s[2], s[1], s[3]));
    const width = Math.max(8, roundHalfEven(Math.max(s[0], s[2]) * factor)), height = Math.max(8, roundHalfEven(Math.max(s[1], s[3]) * factor));
    const from = keep(cv.matFromArray(4, 1, cv.CV_32FC2, [].concat.apply([], corners.map(function (c) { return [c[0] - 0.5, c[1] - 0.5]; }))));
    const to = keep(cv.matFromArray(4, 1, cv.CV_32FC2, [-0.5, -0.5, width - 0.5, -0.5, width - 0.5, height - 0.5, -0.5, height - 0.5]));
    const flat = keep(new cv.Mat());
    cv.warpPerspective(rgb, flat, keep(cv.getPerspectiveTransform(from, to)), new cv.Size(width, height), cv.INTER_LINEAR);
    const rimX = Math.max(1, roundHalfEven(PHOTO.page.rimCrop * width)), rimY = Math.max(1, roundHalfEven(PHOTO.page.rimCrop * height));
    const page = keep(new cv.Mat());  // copied out of the rim: a continuous Mat, whose data is the picture's pixels in order
    keep(flat.roi(new cv.Rect(rimX, rimY, width - 2 * rimX, height - 2 * rimY))).copyTo(page);
    return page;
  }

  // The robust standard deviation of a picture that is mostly paper (netcore.contrast._spread), on a regular sample.
  function spread(values) {
    const sample = strided(values, 50000), middle = median(sample);
    return 1.4826 * median(sample.map(function (v) { return Math.abs(v - middle); }));
  }

  function inkContrast(values) {  // how far the 0.2% darkest marks reach below the paper (netcore.contrast._ink_contrast)
    return 1 - percentile(strided(values, 200000), 0.2);
  }

  function minus(a, b) { return make(a.length, Float32Array, function (p) { return a[p] - b[p]; }); }

  // OpenCV's fastNlMeansDenoising of an 8-bit grey picture (bytes: w*h values), which OpenCV.js's build leaves out (no photo
  // module): each pixel becomes the average of the pixels within search/2 of it, weighted by how alike their patch x patch
  // neighbourhoods are. As OpenCV computes it, so that the page gets netcore's levels: the picture is extended by
  // reflection (BORDER_DEFAULT); a pair's distance is the sum of squared differences over the patch, divided by the
  // power of two nearest above patch² (a shift) and scaled back to a mean; the weight, exp(-mean / h²) in fixed point
  // (h² in float32, a weight under 0.001 dropped), is read from a table; the estimate is rounded by integer division.
  // One search offset at a time: its distances for every pixel are running sums (rows, then columns) of squared
  // differences, so the cost is pixels × search² whatever the patch; an offset and its opposite share their distances.
  // A promise of the levels: `turn` (see reading) is awaited before each offset, a few milliseconds of the whole's seconds.
  async function nlMeans(bytes, w, h, strength, patch, search, turn) {
    const t = patch >> 1, s = search >> 1, side = 2 * t + 1, b = s + t, ew = w + 2 * b, eh = h + 2 * b;
    const extended = new Int32Array(ew * eh);
    for (let y = 0; y < eh; y++) {
      const from = reflected(y - b, h) * w;
      for (let x = 0; x < ew; x++) extended[y * ew + x] = bytes[from + reflected(x - b, w)];
    }
    const unit = Math.floor(2147483647 / ((2 * s + 1) * (2 * s + 1) * 255));  // the weight of a patch identical to its pixel's
    let shift = 0;
    while ((1 << shift) < side * side) shift++;
    const scale = (1 << shift) / (side * side), hh = Math.fround(Math.fround(strength) * Math.fround(strength));
    const table = new Int32Array(Math.floor(255 * 255 / scale + 1));
    for (let k = 0; k < table.length; k++) {
      let e = Math.exp(-k * scale / hh);
      if (e !== e) e = 1;  // h 0: 0 / 0
      const weight = roundHalfEven(unit * e);
      table[k] = weight < 0.001 * unit ? 0 : weight;
    }
    // The estimates' sums, and their weights' (OpenCV's int32 sums, which cannot overflow: unit is chosen so), with a margin
    // of s pixels all round where the pairs of the pixels just outside the picture add what is then dropped.
    const pw = w + 2 * s, sums = new Int32Array(pw * (h + 2 * s)), weights = new Int32Array(pw * (h + 2 * s));
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) { const p = (y + s) * pw + x + s; sums[p] = unit * bytes[y * w + x]; weights[p] = unit; }  // the pixel itself
    }
    const widest = w + s, ring = new Int32Array(side * widest), column = new Int32Array(widest), row = new Int32Array(widest);
    const diff = new Int32Array(widest + 2 * t);
    // The sums over the patch's width of the squared differences between row u shifted by (dy, dx) and row u itself,
    // for the box's columns x0 ... x0 + bw - 1 (coordinates in the picture, offsets of the extended picture's b).
    function rowSums(u, dy, dx, x0, bw, out, at) {
      const a = (b + u) * ew + b + x0 - t, c = (b + u + dy) * ew + b + x0 - t + dx, n = bw + 2 * t;
      for (let v = 0; v < n; v++) { const d = extended[a + v] - extended[c + v]; diff[v] = d * d; }
      let sum = 0;
      for (let v = 0; v < side; v++) sum += diff[v];
      out[at] = sum;
      for (let x = 1; x < bw; x++) { sum += diff[x + side - 1] - diff[x - 1]; out[at + x] = sum; }
    }
    // The pairs of one offset, and with them its opposite's: the pair (p, p + offset) is p + offset's (p + offset, p).
    function pairsAt(dy, dx) {
      // The pixels p whose pair counts for p or for p + offset: rows -dy ... h - 1, these columns.
      const y0 = -dy, x0 = dx >= 0 ? -dx : 0, bw = w + Math.abs(dx);
      column.fill(0, 0, bw);
      for (let k = 0; k < side; k++) {
        rowSums(y0 - t + k, dy, dx, x0, bw, ring, k * widest);
        for (let x = 0; x < bw; x++) column[x] += ring[k * widest + x];
      }
      for (let y = y0; y < h; y++) {
        // p's sums, p's neighbour p + offset, p + offset's sums, its neighbour p (all at the box's first column).
        const p = (y + s) * pw + x0 + s, q = (b + y + dy) * ew + b + x0 + dx, p2 = p + dy * pw + dx, q2 = (b + y) * ew + b + x0;
        if (y === y0) {
          for (let x = 0; x < bw; x++) {
            const weight = table[column[x] >> shift];
            sums[p + x] += weight * extended[q + x]; weights[p + x] += weight;
            sums[p2 + x] += weight * extended[q2 + x]; weights[p2 + x] += weight;
          }
        } else {  // the patch slid down a row: row y + t added, row y - t - 1 (the ring's oldest) dropped
          const slot = ((y - y0 + side - 1) % side) * widest;
          rowSums(y + t, dy, dx, x0, bw, row, 0);
          for (let x = 0; x < bw; x++) {
            const distance = column[x] + row[x] - ring[slot + x], weight = table[distance >> shift];
            column[x] = distance; ring[slot + x] = row[x];
            sums[p + x] += weight * extended[q + x]; weights[p + x] += weight;
            sums[p2 + x] += weight * extended[q2 + x]; weights[p2 + x] += weight;
          }
        }
      }
    }
    for (let dy = 0; dy <= s; dy++) {
      for (let dx = dy === 0 ? 1 : -s; dx <= s; dx++) {
        await turn();
        pairsAt(dy, dx);
      }
    }
    return make(w * h, Uint8Array, function (p) {
      const k = (Math.floor(p / w) + s) * pw + p % w + s;
      return Math.floor((sums[k] + (weights[k] >> 1)) / weights[k]);
    });
  }

  function reflected(i, n) {  // cv2.BORDER_REFLECT_101's index for i in a row of n (which repeats for borders wider than n)
    if (n === 1) return 0;
    while (i < 0 || i >= n) i = i < 0 ? -i : 2 * n - 2 - i;
    return i;
  }

  // The paper under every pixel, channel by channel: a grey closing wider than any stroke, on block means (netcore.contrast._closing).
  function closing(cv, keep, rgb, window, noisy) {
    const block = Math.max(1, Math.floor(window / 16)), small = keep(new cv.Mat()), closed = keep(new cv.Mat()), paper = keep(new cv.Mat());
    cv.resize(rgb, small, new cv.Size(Math.max(1, Math.floor(rgb.cols / block)), Math.max(1, Math.floor(rgb.rows / block))), 0, 0, cv.INTER_AREA);
    const reach = oddAtLeast3(window / block);
    if (noisy) cv.GaussianBlur(small, small, new cv.Size(0, 0), reach * PHOTO.colour.noiseBlur, reach * PHOTO.colour.noiseBlur, cv.BORDER_DEFAULT);
    const kernel = keep(cv.getStructuringElement(cv.MORPH_RECT, new cv.Size(reach, reach)));
    cv.morphologyEx(small, closed, cv.MORPH_CLOSE, kernel, new cv.Point(-1, -1), 1, cv.BORDER_REPLICATE, new cv.Scalar());
    cv.resize(closed, paper, new cv.Size(rgb.cols, rgb.rows), 0, 0, cv.INTER_LINEAR);
    return paper.data32F.slice();
  }

  // The grey ratios to the paper found by a closing `window` wide, before any noise is removed
  // (netcore.contrast._relative): a promise of {grey (w, h, v), noise, about}.
  async function relative(cv, keep, rgb, window, turn) {
    const C = PHOTO.colour, w = rgb.cols, h = rgb.rows, n = w * h, d = rgb.data32F.slice();
    let paper = closing(cv, keep, rgb, window, false);
    await turn();
    const stride = Math.max(1, Math.floor(n / 20000));
    const levels = [0, 1, 2].map(function (c) { const s = []; for (let p = 0; p < n; p += stride) s.push(paper[3 * p + c]); return median(s); });
    // A channel the light barely reaches (blue under a warm lamp) is mostly noise once divided by its paper.
    const used = [0, 1, 2].filter(function (c) { return levels[c] >= C.dimChannel * Math.max.apply(null, levels); });
    const total = used.reduce(function (s, c) { return s + C.luma[c]; }, 0), weight = used.map(function (c) { return C.luma[c] / total; });
    // Each pixel's ratios to its paper: their luminance (grey) and their smallest (darkest), in plain loops over a million pixels.
    const grey = new Float32Array(n), darkest = new Float32Array(n);
    function ratios() {
      for (let p = 0; p < n; p++) {
        let sum = 0, least = Infinity;
        for (let k = 0; k < used.length; k++) {
          const c = used[k], ratio = d[3 * p + c] / Math.max(paper[3 * p + c], 0.02);
          sum += ratio * weight[k];
          if (ratio < least) least = ratio;
        }
        grey[p] = sum; darkest[p] = least;
      }
    }
    ratios();
    await turn();
    if (spread(minus(grey, blurred(cv, {w: w, h: h, v: grey}, C.shading).v)) > C.quiet) {
      await turn();
      paper = closing(cv, keep, rgb, window, true);  // noisy: the closing would follow the noise's peaks
      await turn();
      ratios();
    }
    await turn();
    // Ink faint in luminance but dark in one channel (a yellow pen, a light colour on tinted paper) is read from that channel.
    const faint = inkContrast(grey), strong = inkContrast(darkest);
    const chosen = faint < C.faint && strong > C.colourGain * faint ? darkest : grey;
    const source = chosen === darkest ? "darkest channel" : "luminance";
    await turn();
    // Noise varies from pixel to pixel; the paper's shading over many, and is taken out first.
    const shading = blurred(cv, {w: w, h: h, v: chosen}, C.shading).v, noise = spread(minus(chosen, shading));
    const about = "colour: paper (" + levels.map(function (v) { return v.toFixed(2); }).join(", ") + "), channels "
      + used.map(function (c) { return "RGB"[c]; }).join("") + ", grey from " + source + ", noise " + noise.toFixed(3);
    return {grey: {w: w, h: h, v: chosen}, noise: noise, about: about};
  }

  // Grey levels in [0, 1] after non-local means of filter strength `strength` (netcore.contrast._denoised): on 8 bits, as
  // OpenCV's, whose levels are rounded as NumPy rounds a float32 (halves to even) and read back as float32s. A promise.
  async function denoised(grey, w, h, strength, turn) {
    const C = PHOTO.colour;
    const bytes = make(w * h, Uint8Array, function (p) { return roundHalfEven(Math.fround(Math.min(Math.max(grey[p], 0), 1) * 255)); });
    const quiet = await nlMeans(bytes, w, h, strength * 255, C.nlmPatch, C.nlmSearch, turn);
    return make(w * h, Float32Array, function (p) { return quiet[p] / 255; });
  }

  // Grey levels in which the paper is 1 whatever its tint or light, ink darker (netcore.contrast.paper_relative): the closing
  // narrows, once the strokes are seen, to a few times the widest dark mark, so that it follows crumples and a shadow's tip.
  // A promise.
  async function paperRelative(cv, keep, rgb, turn) {
    const C = PHOTO.colour, short = Math.min(rgb.rows, rgb.cols), window = Math.max(3, roundHalfEven(short * C.window));
    let found = await relative(cv, keep, rgb, window, turn);
    const g = found.grey;
    const dark = maskOf(cv, keep, g.w, g.h, function (p) { return g.v[p] < 1 - C.strong ? 1 : 0; }), inside = keep(new cv.Mat());
    let widest = 0;
    if (dark.data.indexOf(1) >= 0) { cv.distanceTransform(dark, inside, cv.DIST_L2, 3); widest = 2 * maxOf(inside.data32F); }
    const narrow = Math.max(3, roundHalfEven(short * C.narrowest), roundHalfEven(C.clear * widest));
    if (narrow < window) found = await relative(cv, keep, rgb, narrow, turn);
    // Noise is removed once, from the picture kept (the dearest step: the first look only measures marks).
    const strength = found.noise > C.quiet ? C.nlmStrength * found.noise : 0, w = found.grey.w, h = found.grey.h;
    const smoothed = strength ? await denoised(found.grey.v, w, h, strength, turn) : found.grey.v;
    return {grey: {w: w, h: h, v: make(w * h, Float64Array, function (p) { return Math.min(Math.max(smoothed[p], 0), 1); })}, strength: strength,
      about: found.about + (strength ? ", denoised (non-local means, strength " + strength.toFixed(3) + ")" : "")};
  }

  // The paper's median over a square a third of the picture's shorter side, on a small copy (netcore.ink._local_median).
  function localMedian(cv, grey) {
    const keep = matKeeper();
    try {
      const factor = Math.min(1, RULES.medianSide / Math.max(grey.w, grey.h));
      const w = Math.max(1, roundHalfEven(grey.w * factor)), h = Math.max(1, roundHalfEven(grey.h * factor));
      const clipped = {w: grey.w, h: grey.h, v: make(grey.v.length, Float32Array, function (p) { return Math.min(Math.max(grey.v[p], 0), 1); })};
      const small = keep(new cv.Mat()), med = keep(new cv.Mat()), back = keep(new cv.Mat());
      cv.resize(toMat(cv, keep, clipped), small, new cv.Size(w, h), 0, 0, cv.INTER_AREA);
      const scaled = small.data32F.slice(), bytes = keep(cv.matFromArray(h, w, cv.CV_8U, make(w * h, Uint8Array, function (p) { return roundHalfEven(scaled[p] * 255); })));
      cv.medianBlur(bytes, med, Math.min(255, oddAtLeast3(Math.min(w, h) / 3)));
      const middle = med.data.slice(), levels = toMat(cv, keep, {w: w, h: h, v: make(w * h, Float32Array, function (p) { return middle[p] / 255; })});
      cv.resize(levels, back, new cv.Size(grey.w, grey.h), 0, 0, cv.INTER_LINEAR);
      return fromMat(back);
    } finally { keep.free(); }
  }

  // Whether an RGBA picture has colour (netcore keeps a grey file grey, a colour one in colour).
  function hasColour(image) {
    const d = image.data;
    for (let p = 0; p < d.length; p += 4) if (d[p] !== d[p + 1] || d[p + 1] !== d[p + 2]) return true;
    return false;
  }

  // A photo as netcore.preprocess._prepare reads it: glare refused; the sheet found and flattened; ink against the paper's
  // colour; then the ink as a drawing's. A promise of {pixels, steps, corners} (corners in the given picture's pixels, or
  // null), awaiting turn() between the steps.
  async function preparePicture(cv, image, turn) {
    const keep = matKeeper(), steps = [];
    try {
      const rgba = keep(cv.matFromImageData(image)), rgb8 = keep(new cv.Mat());
      let rgb = keep(new cv.Mat());
      cv.cvtColor(rgba, rgb8, cv.COLOR_RGBA2RGB);
      rgb8.convertTo(rgb, cv.CV_32F, 1 / 255);
      const whole = lumaOf(rgb);
      const glare = Math.min(whole.w, whole.h) >= PHOTO.glare.side ? glareFraction(cv, keep, whole) : 0;
      await turn();
      if (glare > PHOTO.glare.area) {
        return {pixels: null, corners: null, steps: steps.concat("glare: a washed-out white patch covers " + Math.round(100 * glare)
          + "% of the picture (a reflection: a photo through glass, glossy paper?) and hides what lies under it: photograph the page without reflections")};
      }
      const corners = findPage(cv, keep, rgb);
      await turn();
      let seen = "no sheet of paper on a desk, the picture read whole";
      if (corners) {
        const area = Math.abs(corners.reduce(function (s, p, i) { const q = corners[(i + 1) % 4]; return s + p[0] * q[1] - q[0] * p[1]; }, 0)) / 2;
        seen = "a sheet of paper covering " + Math.round(100 * area / (whole.w * whole.h)) + "% of the picture";
        rgb = rectify(cv, keep, rgb, corners, RULES.workSide);
        steps.push("page: " + seen + ", flattened to " + rgb.cols + "×" + rgb.rows);
      } else {
        steps.push("page: " + seen);
      }
      await turn();
      let grey = lumaOf(rgb), smoothed = false;
      grey = {w: grey.w, h: grey.h, v: Float64Array.from(grey.v)};
      if (hasColour(image) && (corners || inkIsDark(grey, cv).dark)) {  // on a page found, ink is darker than the paper
        const relativeGrey = await paperRelative(cv, keep, rgb, turn);
        grey = relativeGrey.grey;
        smoothed = relativeGrey.strength > 0;
        steps.push(relativeGrey.about);
      }
      await turn();
      const found = findInk(grey, smoothed, cv);
      if (found.ink === null) found.steps[found.steps.length - 1] += " (seen: " + seen + ")";
      await turn();
      return Object.assign(finish(found, steps), {corners: corners});
    } finally { keep.free(); }
  }

  // ---- Showing numbers as the video writes them (storyboard.words) -----------------------------

  const FORMAT = DATA.format;

  function written(value, decimals) {
    const d = decimals === undefined ? FORMAT.decimals : decimals;
    let text = Number(value).toFixed(d);
    if (text.startsWith("-") && Number(text) === 0) text = text.slice(1);
    return text.replace("-", FORMAT.minus);
  }

  function decimalsThatAddUp(addends, total) {
    for (let d = FORMAT.decimals; d <= FORMAT.most; d++) {
      const sum = addends.reduce(function (s, a) { return s + Number(Number(a).toFixed(d)); }, 0);
      if (written(sum, d) === written(total, d)) return d;
    }
    return FORMAT.most;
  }

  // ---- The page ---------------------------------------------------------------------------------

  const doc = document;
  const $ = function (id) { return doc.getElementById(id); };
  const state = {pixels: new Float64Array(PIXELS), trace: null, neuron: null, source: "none", reading: null};  // reading: the photo's

  function paint(canvas, values, tint) {  // a 28x28 picture: grey ink on the paper, or signed weights blue/red over it
    const ctx = canvas.getContext("2d"), image = ctx.createImageData(SIZE, SIZE);
    let most = 0;
    if (tint) for (const v of tint) most = Math.max(most, Math.abs(v));
    for (let p = 0; p < PIXELS; p++) {
      const g = Math.round(255 * (values ? values[p] : 0));
      let rgb = [g, g, g];
      if (tint && most > 0) {
        const s = tint[p] / most, strength = Math.abs(s);
        const hue = s >= 0 ? [88, 166, 255] : [255, 92, 92];
        rgb = rgb.map(function (c, i) { return Math.round(c * (1 - strength) + hue[i] * strength); });
      }
      image.data.set([rgb[0], rgb[1], rgb[2], 255], 4 * p);
    }
    ctx.putImageData(image, 0, 0);
  }

  // The network as the video draws it: the input picture, 16, 16 and 10 neurons, the strongest edges.
  const SVG = "http://www.w3.org/2000/svg";
  const net = $("net");
  const layout = {inputX: 16, inputY: 60, cell: 8, columns: [330, 470, 600], top: 20, bottom: 340};

  function svg(name, attrs, parent) {
    const el = doc.createElementNS(SVG, name);
    for (const k in attrs) el.setAttribute(k, attrs[k]);
    (parent || net).appendChild(el);
    return el;
  }

  function neuronY(size, j) {
    const step = (layout.bottom - layout.top) / size;
    return layout.top + step * (j + 0.5);
  }

  const drawing = {cells: [], circles: [], edges: null};

  function buildNetwork() {
    const inputs = svg("g", {"aria-hidden": "true"});
    for (let p = 0; p < PIXELS; p++) {
      drawing.cells.push(svg("rect", {x: layout.inputX + (p % SIZE) * layout.cell, y: layout.inputY + Math.floor(p / SIZE) * layout.cell,
                                      width: layout.cell, height: layout.cell, class: "cell"}, inputs));
    }
    svg("text", {x: layout.inputX, y: layout.inputY - 10, class: "label"}).textContent = "784 inputs";
    drawing.edges = svg("g", {class: "edges", "aria-hidden": "true"});
    const names = ["first hidden layer", "second hidden layer", "output layer"];
    NET.sizes.slice(1).forEach(function (size, l) {
      const group = svg("g", {role: "group", "aria-label": names[l] || "layer " + (l + 1)});
      const column = [];
      const r = Math.min(9, (layout.bottom - layout.top) / size / 2 - 1);
      for (let j = 0; j < size; j++) {
        const g = svg("g", {role: "button", tabindex: "0", class: "neuron", "data-layer": l + 1, "data-neuron": j}, group);
        svg("circle", {cx: layout.columns[l], cy: neuronY(size, j), r: r}, g);
        if (l === NET.sizes.length - 2) {
          svg("text", {x: layout.columns[l] + 16, y: neuronY(size, j) + 4, class: "label"}, g).textContent = String(j);
        }
        g.addEventListener("click", function () { openNeuron(l + 1, j); });
        g.addEventListener("keydown", function (e) {
          if (e.key === "Enter" || e.key === " ") { e.preventDefault(); openNeuron(l + 1, j); }
        });
        column.push(g);
      }
      drawing.circles.push(column);
    });
    // The same neurons as a list, easier than small circles on a phone.
    const choice = $("neuron-choice");
    NET.sizes.slice(1).forEach(function (size, l) {
      const group = doc.createElement("optgroup");
      group.label = names[l] || "layer " + (l + 1);
      for (let j = 0; j < size; j++) {
        const option = doc.createElement("option");
        option.value = (l + 1) + ":" + j;
        option.textContent = (l === NET.sizes.length - 2 ? "output " : "neuron ") + j;
        group.appendChild(option);
      }
      choice.appendChild(group);
    });
    choice.addEventListener("change", function () {
      if (!choice.value) return;
      const [layer, j] = choice.value.split(":").map(Number);
      openNeuron(layer, j);
    });
  }

  function sourcePoint(l, i) {  // where an edge into layer l + 1 starts
    if (l === 0) return [layout.inputX + (i % SIZE + 0.5) * layout.cell, layout.inputY + (Math.floor(i / SIZE) + 0.5) * layout.cell];
    return [layout.columns[l - 1], neuronY(NET.sizes[l], i)];
  }

  function drawEdges(trace) {
    drawing.edges.textContent = "";
    const inputs = [state.pixels].concat(trace.activations);
    NET.weights.forEach(function (w, l) {
      const a = inputs[l], nIn = a.length, nOut = NET.sizes[l + 1], terms = [];
      for (let j = 0; j < nOut; j++) for (let i = 0; i < nIn; i++) {
        const c = w[j * nIn + i] * a[i];
        if (c !== 0) terms.push([Math.abs(c), c, i, j]);
      }
      terms.sort(function (x, y) { return y[0] - x[0]; });
      const shown = terms.slice(0, DATA.edgesShown[l]);
      const most = shown.length ? shown[0][0] : 1;
      for (const [size, c, i, j] of shown) {
        const [x1, y1] = sourcePoint(l, i);
        svg("line", {x1: x1, y1: y1, x2: layout.columns[l], y2: neuronY(nOut, j), class: c > 0 ? "pos" : "neg",
                     "stroke-width": (0.4 + 2.6 * size / most).toFixed(2), "stroke-opacity": (0.35 + 0.65 * size / most).toFixed(2)}, drawing.edges);
      }
    });
  }

  function showNetwork(trace) {
    for (let p = 0; p < PIXELS; p++) drawing.cells[p].setAttribute("fill-opacity", state.pixels[p].toFixed(3));
    trace.activations.forEach(function (a, l) {
      a.forEach(function (value, j) {
        const g = drawing.circles[l][j];
        g.querySelector("circle").setAttribute("fill-opacity", Math.min(1, value).toFixed(3));
        const name = l === NET.sizes.length - 2 ? "output " + j : "layer " + (l + 1) + " neuron " + j;
        g.setAttribute("aria-label", name + ", activation " + written(value) + ": open");
      });
    });
    drawEdges(trace);
  }

  function showBars(trace) {
    const bars = $("bars");
    const output = trace.activations[trace.activations.length - 1];
    if (!bars.children.length) {
      for (let k = 0; k < output.length; k++) {
        const row = doc.createElement("div");
        row.className = "bar";
        row.innerHTML = '<span class="digit-name"></span><span class="track" aria-hidden="true"><span class="fill"></span></span><span class="value"></span>';
        row.querySelector(".digit-name").textContent = String(k);
        bars.appendChild(row);
      }
    }
    output.forEach(function (value, k) {
      const row = bars.children[k];
      row.querySelector(".fill").style.width = (100 * value).toFixed(1) + "%";
      row.querySelector(".value").textContent = written(value);
      row.classList.toggle("best", k === trace.answer);
    });
  }

  function update() {
    const trace = run(NET, state.pixels);
    state.trace = trace;
    paint($("seen"), state.pixels);
    showNetwork(trace);
    showBars(trace);
    const output = trace.activations[trace.activations.length - 1];
    $("answer").textContent = state.source === "none" ? "Draw a digit: the network answers here."
      : "The network answers " + trace.answer + " (output " + written(output[trace.answer]) + ").";
    $("answer").dataset.answer = String(trace.answer);
    if (state.neuron) openNeuron(state.neuron[0], state.neuron[1], true);
    showCheckpoint();
  }

  function setPixels(pixels, source, steps) {
    if (source !== "photo") abandonPhoto();
    state.pixels = Float64Array.from(pixels);
    state.source = source;
    if (source !== "photo") $("photo-figure").hidden = true;  // the photo shown is the one read, never a drawing's
    $("status").textContent = steps ? steps.join("; ") + "." : "";
    update();
  }

  // A neuron opened: its weights as a picture over its inputs, w·a, b, z and f(z), written as the neuron beats write them.
  function openNeuron(layer, j, quiet) {
    state.neuron = [layer, j];
    const nIn = NET.sizes[layer - 1], w = NET.weights[layer - 1].subarray(j * nIn, (j + 1) * nIn);
    const a = layer === 1 ? state.pixels : state.trace.activations[layer - 2];
    let wa = 0;
    for (let i = 0; i < nIn; i++) wa += w[i] * a[i];
    const b = NET.biases[layer - 1][j], z = state.trace.zs[layer - 1][j], act = state.trace.activations[layer - 1][j];
    const fname = NET.activations[layer - 1] === "relu" && layer < NET.sizes.length - 1 ? "ReLU" : "σ";
    const d = decimalsThatAddUp([wa, b], z);
    const panel = $("neuron");
    panel.hidden = false;
    panel.dataset.layer = layer;
    panel.dataset.neuron = j;
    const last = layer === NET.sizes.length - 1;
    $("h-neuron").textContent = last ? "Output neuron " + j + " (the digit " + j + ")" : "Neuron " + j + " of hidden layer " + layer;
    const picture = $("neuron-picture");
    picture.classList.toggle("strip", layer !== 1);  // a row of weights, not a picture
    if (layer === 1) {
      picture.width = SIZE; picture.height = SIZE;
      paint(picture, a, w);
      picture.setAttribute("aria-label", "Its 784 weights as a 28 by 28 picture over your digit: blue positive, red negative");
      $("neuron-about").textContent = "Its 784 weights, one per pixel, drawn over your digit: blue where ink raises the sum, red where it lowers it.";
    } else {
      picture.width = nIn; picture.height = 1;
      const ctx = picture.getContext("2d"), image = ctx.createImageData(nIn, 1);
      let most = 0;
      for (const v of w) most = Math.max(most, Math.abs(v));
      for (let i = 0; i < nIn; i++) {
        const s = w[i] / most, g = Math.round(255 * Math.min(1, a[i])), hue = s >= 0 ? [88, 166, 255] : [255, 92, 92];
        image.data.set(hue.map(function (c) { return Math.round(g * (1 - Math.abs(s)) + c * Math.abs(s)); }).concat(255), 4 * i);
      }
      ctx.putImageData(image, 0, 0);
      picture.setAttribute("aria-label", "Its " + nIn + " weights, one per neuron of the layer before, over their activations");
      $("neuron-about").textContent = "Its " + nIn + " weights, one per neuron of the layer before (blue positive, red negative), over their activations.";
    }
    $("n-wa").textContent = written(wa, d);
    $("n-b").textContent = written(b, d);
    $("n-z").textContent = written(z, d);
    $("n-f-name").textContent = fname + "(z), its activation";
    $("n-a").textContent = written(act);
    $("n-written").textContent = fname + "(" + written(wa, d) + (b < 0 ? " − " : " + ") + written(Math.abs(b), d) + ") = "
      + fname + "(" + written(z, d) + ") = " + written(act);
    if (!quiet) $("h-neuron").focus();
  }

  // Training replayed: the answer and first-layer pictures of each checkpoint for the student's digit.
  function showCheckpoint() {
    const k = Number($("epoch").value), checkpoint = CHECKPOINTS[k];
    const epoch = DATA.checkpoints.epochs[k], accuracy = DATA.checkpoints.testAccuracy[k];
    const trace = run(checkpoint, state.pixels), output = trace.activations[trace.activations.length - 1];
    $("epoch-value").textContent = String(epoch);
    $("epoch").setAttribute("aria-valuetext", epoch + " epochs");
    const answer = $("epoch-answer");
    answer.dataset.answer = String(trace.answer);
    answer.textContent = "After " + epoch + " epoch" + (epoch === 1 ? "" : "s") + " (" + (100 * accuracy).toFixed(2)
      + "% right on the 10,000 test digits) it answers " + trace.answer + " for your digit (output " + written(output[trace.answer]) + ").";
    const grid = $("first-layer");
    const n = checkpoint.sizes[1], nIn = checkpoint.sizes[0];
    if (grid.children.length !== n) {
      grid.textContent = "";
      for (let j = 0; j < n; j++) {
        const c = doc.createElement("canvas");
        c.width = SIZE; c.height = SIZE;
        c.setAttribute("role", "img");
        grid.appendChild(c);
      }
    }
    for (let j = 0; j < n; j++) {
      const c = grid.children[j];
      paint(c, null, checkpoint.weights[0].subarray(j * nIn, (j + 1) * nIn));
      c.setAttribute("aria-label", "Neuron " + j + "'s weights after " + epoch + " epochs; its activation for your digit " + written(trace.activations[0][j]));
    }
  }

  // The drawing pad: Pointer Events (mouse, touch, pen), a round pen of MNIST-like width, ink white on black.
  function setUpPad() {
    const pad = $("pad"), ctx = pad.getContext("2d");
    const side = DATA.pad.side;
    function clear() {
      ctx.fillStyle = "#000";
      ctx.fillRect(0, 0, side, side);
    }
    clear();
    let last = null;
    function at(e) {
      const r = pad.getBoundingClientRect();
      return [(e.clientX - r.left) * side / r.width, (e.clientY - r.top) * side / r.height];
    }
    function line(from, to) {
      ctx.strokeStyle = "#fff";
      ctx.lineWidth = DATA.pad.pen * side;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.beginPath();
      ctx.moveTo(from[0], from[1]);
      ctx.lineTo(to[0], to[1]);
      ctx.stroke();
    }
    let pending = false;
    function prepareSoon() {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; readPad(); });
    }
    pad.addEventListener("pointerdown", function (e) {
      e.preventDefault();
      abandonPhoto();
      pad.setPointerCapture(e.pointerId);
      last = at(e);
      line(last, last);
      prepareSoon();
    });
    pad.addEventListener("pointermove", function (e) {
      if (last === null) return;
      const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [e];
      for (const ev of events.length ? events : [e]) { const p = at(ev); line(last, p); last = p; }
      prepareSoon();
    });
    function stop() { if (last !== null) { last = null; readPad(); } }
    pad.addEventListener("pointerup", stop);
    pad.addEventListener("pointercancel", stop);
    $("clear").addEventListener("click", function () {
      clear();
      state.source = "none";
      setPixels(new Float64Array(PIXELS), "none", null);
    });
    function readPad() {
      const prepared = prepareWithSteps(ctx.getImageData(0, 0, side, side));
      if (prepared.pixels === null) { $("status").textContent = "Nothing to read yet: draw a digit."; return; }
      setPixels(prepared.pixels, "drawing", null);
    }
  }

  // A photo: decoded by the browser (EXIF orientation applied), reduced to netcore's working size, then prepared with
  // OpenCV.js (loaded on the first photo). {pixels, steps, corners (in the photo's own pixels), picture (the reduced canvas)};
  // turn: its reading's (see reading).
  function preparePhoto(blob, turn) {
    return Promise.all([createImageBitmap(blob), loadOpenCV()]).then(async function (both) {
      const bitmap = both[0], cv = both[1].cv;
      const f = Math.min(1, RULES.workSide / Math.max(bitmap.width, bitmap.height));
      const w = Math.max(1, Math.round(bitmap.width * f)), h = Math.max(1, Math.round(bitmap.height * f));
      const canvas = doc.createElement("canvas");
      canvas.width = w; canvas.height = h;
      const ctx = canvas.getContext("2d", {willReadFrequently: true});
      ctx.imageSmoothingQuality = "high";
      ctx.drawImage(bitmap, 0, 0, w, h);
      const back = bitmap.width / w;
      bitmap.close();
      await turn();
      const prepared = await preparePicture(cv, ctx.getImageData(0, 0, w, h), turn);
      const corners = prepared.corners && prepared.corners.map(function (c) { return [c[0] * back, c[1] * back]; });
      return {pixels: prepared.pixels, steps: prepared.steps, corners: corners, picture: canvas, scale: 1 / back};
    });
  }

  // The photo beside the 28x28 input, at most PHOTO_SIDE pixels on its long side, the sheet found outlined (as the forward clip shows it).
  function showPhoto(prepared) {
    const figure = $("photo-figure"), canvas = $("photo-seen"), picture = prepared.picture;
    const f = Math.min(1, PHOTO.photoSide / Math.max(picture.width, picture.height));
    canvas.width = Math.max(1, Math.round(picture.width * f));
    canvas.height = Math.max(1, Math.round(picture.height * f));
    const ctx = canvas.getContext("2d");
    ctx.imageSmoothingQuality = "high";
    ctx.drawImage(picture, 0, 0, canvas.width, canvas.height);
    if (prepared.corners) {
      const k = prepared.scale * f;
      ctx.strokeStyle = getComputedStyle(canvas).getPropertyValue("--accent").trim() || "#58a6ff";
      ctx.lineWidth = 2;
      ctx.beginPath();
      prepared.corners.forEach(function (c, i) { ctx[i ? "lineTo" : "moveTo"](c[0] * k, c[1] * k); });
      ctx.closePath();
      ctx.stroke();
    }
    canvas.setAttribute("aria-label", prepared.corners ? "Your photo, with the sheet of paper found outlined" : "Your photo (no sheet of paper on a desk found: read whole)");
    canvas.dataset.corners = JSON.stringify(prepared.corners);
    figure.hidden = false;
  }

  // The photo being read, if any, is abandoned when the student starts drawing, opens another photo or takes another digit.
  function abandonPhoto() {
    if (state.reading) state.reading.abandon();
    state.reading = null;
  }

  function setUpPhoto() {
    $("photo").addEventListener("change", function (e) {
      const file = e.target.files[0];
      if (!file) return;
      abandonPhoto();
      const current = state.reading = reading();
      $("status").textContent = "Reading " + file.name + (cvLoading ? "…" : " (first loading OpenCV.js, 10 MB, the photo reader)…");
      preparePhoto(file, current.turn).then(function (prepared) {
        if (state.reading !== current) return;  // never over a newer digit's
        state.reading = null;
        showPhoto(prepared);
        if (prepared.pixels === null) {
          $("status").textContent = file.name + ": " + prepared.steps[prepared.steps.length - 1] + ".";
          $("photo").dataset.read = "failed";
          return;
        }
        setPixels(prepared.pixels, "photo", [file.name].concat(prepared.steps));
        $("photo").dataset.read = "done";
      }, function (error) {
        if (state.reading !== current) return;  // abandoned: its work stopped at its next turn
        state.reading = null;
        $("status").textContent = file.name + ": " + (/OpenCV/.test(String(error)) ? error.message + ": photos cannot be read, drawing still works"
          : "not an image this browser can read") + ".";
        $("photo").dataset.read = "failed";
      });
    });
  }

  // Questions: check or reveal, with the explanation; the video pauses at each question's moment when asked to.
  function setUpQuestions() {
    for (const canvas of doc.querySelectorAll("canvas.digit")) {
      const q = DATA.questions[Number(canvas.dataset.question)];
      paint(canvas, canvas.dataset.choice === undefined ? q.pixels : q.choices[Number(canvas.dataset.choice)].pixels);
    }
    for (const item of doc.querySelectorAll("li.question")) {
      const q = DATA.questions[Number(item.dataset.index)], verdict = item.querySelector(".verdict");
      const right = q.choices[q.answer].text;
      item.querySelector(".check").addEventListener("click", function () {
        const picked = item.querySelector("input:checked");
        if (!picked) { verdict.textContent = "Choose an answer first."; return; }
        const ok = Number(picked.value) === q.answer;
        verdict.textContent = (ok ? "Right: " : "Not quite: the answer is " + right + ". ") + q.explanation;
        verdict.dataset.state = ok ? "right" : "wrong";
      });
      item.querySelector(".reveal").addEventListener("click", function () {
        item.querySelectorAll("input")[q.answer].checked = true;
        verdict.textContent = "The answer is " + right + ". " + q.explanation;
        verdict.dataset.state = "revealed";
      });
    }
    const video = $("lesson-video"), toggle = $("pause-at-questions");
    let before = 0, jumped = false;
    // A seek is a jump, not playing through a moment: the first time update after it only notes where it landed.
    video.addEventListener("seeking", function () { jumped = true; });
    video.addEventListener("timeupdate", function () {
      const now = video.currentTime;
      if (jumped || video.seeking) { jumped = video.seeking; before = now; return; }
      if (toggle.checked && now > before) {
        DATA.questions.forEach(function (q, i) {
          if (q.moment !== null && before < q.moment && q.moment <= now) {
            video.pause();
            const item = $("question-" + i);
            item.scrollIntoView({block: "nearest"});
            item.focus();
          }
        });
      }
      before = now;
    });
  }

  $("video-digit").addEventListener("click", function () {
    setPixels(DATA.digit.pixels, "video", ["The video's digit: " + DATA.digit.description]);
  });
  $("neuron-close").addEventListener("click", function () {
    const [layer, j] = state.neuron;
    state.neuron = null;
    $("neuron").hidden = true;
    drawing.circles[layer - 1][j].focus();
  });
  $("epoch").addEventListener("input", showCheckpoint);

  buildNetwork();
  setUpPad();
  setUpPhoto();
  setUpQuestions();
  update();

  window.explainer = {
    /** The network's answer for 784 pixels in [0, 1]: {activations: [a1, a2, a3], zs: [z1, z2, z3], answer}. */
    forward: function (pixels) {
      const t = run(NET, checkedPixels(pixels));
      return {activations: t.activations.map(function (a) { return Array.from(a); }), zs: t.zs.map(function (a) { return Array.from(a); }), answer: t.answer};
    },
    /** The same for checkpoint k of the training replay (0 .. checkpoints.length - 1). */
    forwardAt: function (k, pixels) {
      const t = run(CHECKPOINTS[k], checkedPixels(pixels));
      return {activations: t.activations.map(function (a) { return Array.from(a); }), answer: t.answer};
    },
    /** 784 numbers in [0, 1] for a picture of a digit (an ImageData), as netcore.preprocess prepares a drawing (read whole, in grey,
     *  no page or colour steps: those are preparePhoto's); null when no digit is found. */
    prepare: function (imageData) {
      const prepared = prepareWithSteps(imageData);
      return prepared.pixels === null ? null : Array.from(prepared.pixels);
    },
    /** A photo (a File or Blob): a promise of {pixels, steps, corners}, read as the page does when one is opened, giving
     *  the page turns meanwhile (corners: the sheet of paper found, [x, y] in the photo's pixels clockwise from the top left,
     *  or null). */
    preparePhoto: function (blob) {
      return preparePhoto(blob, reading().turn).then(function (p) { return {pixels: p.pixels && Array.from(p.pixels), steps: p.steps, corners: p.corners}; });
    },
    /** OpenCV's fastNlMeansDenoising(src, h, templateWindowSize, searchWindowSize) of an 8-bit grey picture (width*height
     *  levels, row by row), as the photo path computes it (OpenCV.js has no photo module): a promise of an array of
     *  width*height levels, computed giving the page turns. */
    nlMeans: function (levels, width, height, h, templateWindowSize, searchWindowSize) {
      return nlMeans(Uint8Array.from(levels), width, height, h, templateWindowSize, searchWindowSize, reading().turn).then(Array.from);
    },
    /** Show these 784 pixels as the student's digit. */
    show: function (pixels) { setPixels(pixels, "script", null); },
    /** What the page shows now: the input, the answer, the opened neuron. */
    state: function () { return {pixels: Array.from(state.pixels), answer: state.trace.answer, neuron: state.neuron}; },
    checkpoints: DATA.checkpoints.epochs.slice(),
  };
})();
