package dev.reactivedata.core.repository;

import java.util.List;
import java.util.function.Consumer;

import org.springframework.r2dbc.core.PreparedOperation;
import org.springframework.r2dbc.core.binding.BindTarget;
import org.springframework.r2dbc.core.binding.Bindings;

/**
 * Rendered SQL with the values to bind to its markers.
 */
record SqlStatement(String sql, Bindings bindings, List<Consumer<BindTarget>> binders) implements PreparedOperation<String> {

	@Override
	public String getSource() {
		return this.sql;
	}

	@Override
	public void bindTo(BindTarget target) {
		this.bindings.apply(target);
		this.binders.forEach(binder -> binder.accept(target));
	}

	@Override
	public String toQuery() {
		return this.sql;
	}

}
