// Every "seek" button starts the video at its data-start (seconds): the contents and the transcript.
(function () {
  const video = document.getElementById("lesson-video");
  for (const button of document.querySelectorAll("button.seek")) {
    button.addEventListener("click", function () {
      video.currentTime = Number(button.dataset.start);
      video.focus();
      const playing = video.play();
      if (playing) playing.catch(function () { /* autoplay refused: the viewer presses play */ });
    });
  }
})();
