#include "checkers/model_registry.h"

namespace grove::checkers {

// One line per model (the factories live in checkers/models/).
const Model& register_model();
const Model& cas_register_model();
const Model& kv_model();
const Model& lock_model();
const Model& bank_model();
const Model& mutex_model();
const Model& set_model();
const Model& unordered_queue_model();
const Model& fifo_queue_model();
const Model& multi_register_model();

std::vector<const Model*> all_models() {
  return {&register_model(), &cas_register_model(), &kv_model(),
          &lock_model(), &bank_model(), &mutex_model(),
          &set_model(), &unordered_queue_model(), &fifo_queue_model(),
          &multi_register_model()};
}

const Model* find_model(std::string_view name) {
  for (const Model* model : all_models()) {
    if (model->name() == name) return model;
  }
  return nullptr;
}

}  // namespace grove::checkers
