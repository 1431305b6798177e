// BARC-10: the total of the ten answers, shown as they are chosen (the service computes it too).
document.addEventListener("DOMContentLoaded", function () {
  var total = document.getElementById("barc10-total");
  if (!total) return;
  var form = total.closest("form");
  function update() {
    var sum = 0, answered = 0;
    for (var i = 1; i <= 10; i++) {
      var chosen = form.querySelector('select[name="barc10_' + i + '"]');
      if (chosen && chosen.value) { sum += parseInt(chosen.value, 10); answered++; }
    }
    total.textContent = answered ? sum + " (" + answered + " of 10 answered)" : "Not answered yet";
  }
  form.addEventListener("change", update);
  update();
});
