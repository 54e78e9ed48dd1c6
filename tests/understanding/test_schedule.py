"""The training schedule follows the data size, so training time stays fixed."""

from __future__ import annotations

from bot.understanding.training import TrainingConfig, schedule


def test_a_large_set_gets_fewer_passes_at_the_full_rate() -> None:
    config = TrainingConfig()
    plan = schedule(config, 12_000)
    assert plan.epochs == round(config.target_steps * config.batch_size / 12_000, 2)
    assert (plan.learning_rate, plan.frozen_layers) == (3e-4, 3)


def test_a_small_set_gets_more_passes_a_gentler_rate_and_one_more_frozen_layer() -> None:
    config = TrainingConfig()
    plan = schedule(config, 2_000)
    assert plan.epochs == round(config.target_steps * config.batch_size / 2_000, 2)
    assert (plan.learning_rate, plan.frozen_layers) == (1.5e-4, 4)


def test_settings_override_the_schedule() -> None:
    config = TrainingConfig(epochs=3.0, learning_rate=5e-5, frozen_layers=0)
    plan = schedule(config, 12_000)
    assert (plan.epochs, plan.learning_rate, plan.frozen_layers) == (3.0, 5e-5, 0)
